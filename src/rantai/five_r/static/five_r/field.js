/* The 5R field app (rantai/five_r/views/field.py): fill in an audit with or without a signal.

   Everything the mentor does is written to IndexedDB first (the outbox), so a reload, a closed
   tab or a restarted browser loses nothing; the outbox is sent when the network is there.
   - An answer carries the version of the server's answer it was based on: a change made
     meanwhile by someone else comes back as a conflict (409), kept on the server for a person
     to decide, never an overwrite.
   - A photo is resized here (at most 1600 px, JPEG), named with a UUID and sent in pieces with
     their SHA-256 (the resumable uploads): a cut upload resumes from the last piece received.
   - The unsent items can be saved to a file, which an administrator imports on the server. */
import { openDB } from "../vendor/idb/index.js";

const T = JSON.parse(document.getElementById("field-strings").textContent);
const CONFIG = JSON.parse(document.getElementById("field-config").textContent);
const PIECE = 256 * 1024;
const MAX_SIDE = 1600;
const PHOTO_CACHE = "rantai-field-photos";

const db = await openDB("rantai-field", 1, {
  upgrade(database) {
    database.createObjectStore("audits", { keyPath: "id" });
    const outbox = database.createObjectStore("outbox", { keyPath: "key" });
    outbox.createIndex("audit", "audit");
  },
});

/* ---------- small helpers ---------- */

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

function format(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(values[name]));
}

let token = null;

function csrfToken() {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
  if (cookie) return decodeURIComponent(cookie.split("=")[1]);
  return token || document.querySelector("meta[name=csrf-token]").content;
}

async function freshToken() {
  /* The shell kept offline may carry a token from an older session (a browser restarted, a
     cookie cleared): the shell from the network brings a valid one and sets its cookie. */
  const response = await fetch(CONFIG.scope, { credentials: "same-origin", cache: "no-store" });
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  token = page.querySelector("meta[name=csrf-token]")?.content || token;
}

async function hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function errorText(body) {
  if (!body || typeof body !== "object") return "";
  return Object.values(body).flat(Infinity).filter((v) => typeof v === "string").join(" ");
}

async function post(url, body, isForm = false, retried = false) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: isForm
      ? { "X-CSRFToken": csrfToken(), Accept: "application/json" }
      : { "X-CSRFToken": csrfToken(), Accept: "application/json", "Content-Type": "application/json" },
    body: isForm ? body : JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (response.status === 403 && !retried) {
    await freshToken();
    return post(url, body, isForm, true);
  }
  return { status: response.status, data };
}

/* ---------- photos: resized on the phone ---------- */

async function resize(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.round(bitmap.width * scale);
  const height = Math.round(bitmap.height * scale);
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return canvas.convertToBlob({ type: "image/jpeg", quality: 0.85 });
}

/* ---------- the outbox ---------- */

async function unsentCount(auditId) {
  return auditId === undefined ? db.count("outbox") : db.countFromIndex("outbox", "audit", auditId);
}

async function queue(entry) {
  const previous = await db.get("outbox", entry.key);
  entry.rev = (previous?.rev || 0) + 1;
  entry.status = "saved";
  await db.put("outbox", entry);
  document.querySelector(`[data-status-key="${CSS.escape(entry.key)}"]`)?.replaceWith(statusLine(entry, null, entry.key));
  await refreshCounter();
  scheduleSync();
}

async function settle(entry, change) {
  /* The entry was sent: drop it, unless the mentor changed it while it was on its way. */
  const tx = db.transaction("outbox", "readwrite");
  const current = await tx.store.get(entry.key);
  if (current && current.rev === entry.rev) await tx.store.delete(entry.key);
  else if (current && change) await tx.store.put(change(current));
  await tx.done;
}

async function updateAudit(auditId, change) {
  const tx = db.transaction("audits", "readwrite");
  const audit = await tx.store.get(auditId);
  if (audit) {
    change(audit);
    await tx.store.put(audit);
  }
  await tx.done;
}

let syncing = null;
let again = false;
let timer = null;

function scheduleSync(delay = 400) {
  clearTimeout(timer);
  timer = setTimeout(() => sync(), delay);
}

/* What is being typed is saved a moment after the last key; a sync first saves it at once, so
   the answer goes out whole. */
const typing = new Map();

function later(key, save, delay) {
  clearTimeout(typing.get(key)?.timer);
  const run = () => {
    typing.delete(key);
    return save();
  };
  typing.set(key, { run, timer: setTimeout(run, delay) });
}

async function flushTyping() {
  for (const { run, timer } of [...typing.values()]) {
    clearTimeout(timer);
    await run();
  }
}

async function sync() {
  if (!navigator.onLine) return;
  await flushTyping();
  if (syncing) {
    again = true;
    return syncing;
  }
  syncing = (async () => {
    try {
      for (const entry of await db.getAll("outbox")) {
        if (entry.status === "refused") continue;
        showStatus(entry, "sending");
        const done = await send(entry);
        if (done === "offline") {
          scheduleSync(5000); // the signal comes and goes: try again soon
          break;
        }
      }
    } finally {
      syncing = null;
      await refreshCounter();
      await afterSync();
      if (again) {
        again = false;
        scheduleSync();
      }
    }
  })();
  return syncing;
}

async function refuse(entry, message) {
  const tx = db.transaction("outbox", "readwrite");
  const current = await tx.store.get(entry.key);
  if (current && current.rev === entry.rev) {
    current.status = "refused";
    current.error = message;
    await tx.store.put(current);
  }
  await tx.done;
  return "refused";
}

async function send(entry) {
  try {
    if (entry.type === "answer") return await sendAnswer(entry);
    if (entry.type === "photo") return await sendPhoto(entry);
    if (entry.type === "outcomes") return await sendOutcomes(entry);
  } catch (error) {
    if (error instanceof TypeError) return "offline"; // the network went away: later
    throw error;
  }
  return "refused";
}

async function sendAnswer(entry) {
  const audit = await db.get("audits", entry.audit);
  const { status, data } = await post(audit.api.answers, {
    item: entry.item,
    score: entry.score,
    not_applicable: entry.not_applicable,
    comment: entry.comment,
    base_version: entry.base_version,
    answered_at: entry.answered_at,
  });
  if (status === 200 || status === 409) {
    const saved = status === 200 ? data : data.answer;
    await updateAudit(entry.audit, (a) => {
      if (saved) a.answers[String(entry.item)] = saved;
      a.state[String(entry.item)] = status === 200 ? "sent" : "conflict";
    });
    // Changed again while this was on its way: its base is now what this made of it.
    await settle(entry, (current) =>
      status === 200 ? { ...current, base_version: data.version } : current
    );
    return "sent";
  }
  return refuse(entry, errorText(data) || String(status));
}

async function sendPhoto(entry) {
  const audit = await db.get("audits", entry.audit);
  // Starting again with the same id answers how many bytes arrived: the upload goes on there.
  const start = () =>
    post(audit.api.uploads, {
      id: entry.id,
      size: entry.blob.size,
      sha256: entry.sha256,
      item: entry.item,
      kind: entry.kind,
      caption: entry.caption,
    });
  let { status, data } = await start();
  if (status !== 200 && status !== 201) return refuse(entry, errorText(data) || String(status));
  let failures = 0;
  while (!data.photo) {
    const offset = data.received;
    const piece = entry.blob.slice(offset, offset + PIECE);
    const form = new FormData();
    form.append("offset", String(offset));
    form.append("sha256", await hex(await piece.arrayBuffer()));
    form.append("piece", piece, "piece");
    const sent = await post(`${audit.api.uploads}${entry.id}/`, form, true);
    if (sent.status === 200 || sent.status === 409) {
      data = sent.data; // 409: out of order, and the server says where to go on from
      continue;
    }
    failures += 1;
    if (sent.status === 400 && failures > 3) return refuse(entry, errorText(sent.data));
    if (failures > 5) return "offline"; // the server is unwell: the next round goes on
    ({ status, data } = await start()); // the answer was lost: ask where it stands
    if (status !== 200) return refuse(entry, errorText(data) || String(status));
  }
  const photo = data.photo;
  await updateAudit(entry.audit, (a) => {
    a.photos = a.photos.filter((p) => p.id !== entry.id);
    a.photos.push({ id: entry.id, item: entry.item, caption: entry.caption, thumbnail: photo.thumbnail_url });
  });
  caches.open(PHOTO_CACHE).then((cache) => cache.add(photo.thumbnail_url)).catch(() => {});
  await settle(entry);
  return "sent";
}

async function sendOutcomes(entry) {
  const audit = await db.get("audits", entry.audit);
  const { status, data } = await post(audit.api.outcomes, { values: entry.values });
  if (status === 200) {
    await updateAudit(entry.audit, (a) => {
      a.state.outcomes = "sent";
    });
    await settle(entry);
    return "sent";
  }
  return refuse(entry, errorText(data) || String(status));
}

/* ---------- the header: network and what waits ---------- */

async function refreshCounter() {
  const count = await unsentCount();
  const badge = document.getElementById("unsent");
  badge.textContent = count === 0 ? T.all_sent : count === 1 ? T.unsent_one : format(T.unsent_many, { count });
  badge.dataset.count = String(count);
  badge.className = `badge ${count ? "text-bg-warning" : "text-bg-light"}`;
  document.getElementById("export").disabled = count === 0;
}

function refreshNetwork() {
  const node = document.getElementById("network");
  node.textContent = navigator.onLine ? T.online : T.offline;
  node.dataset.online = String(navigator.onLine);
}

/* ---------- screens ---------- */

const app = document.getElementById("app");
let current = null; // the audit on screen

async function afterSync() {
  /* Sent, refused or in conflict: the screen shows it; while the mentor types, only the
     status lines change (the box being typed in stays as it is). */
  const busy = document.activeElement?.matches?.("textarea, input[type=text]");
  if (!busy) return rerender();
  if (!current) return;
  const audit = await db.get("audits", current.id);
  const outbox = new Map((await db.getAllFromIndex("outbox", "audit", current.id)).map((e) => [e.key, e]));
  for (const node of document.querySelectorAll("[data-status-key]")) {
    const key = node.dataset.statusKey;
    const state = key.startsWith("a:") ? audit.state[key.split(":")[2]] : key.startsWith("o:") ? audit.state.outcomes : "sent";
    node.replaceWith(statusLine(outbox.get(key), state, key));
  }
}

async function rerender() {
  const match = location.hash.match(/^#audit\/(\d+)$/);
  if (match) await showAudit(Number(match[1]), false);
  else await showHome();
}

async function showHome() {
  current = null;
  const onPhone = await db.getAll("audits");
  const list = h("div", { class: "list-group mb-4", "data-testid": "on-phone" });
  for (const audit of onPhone) {
    const waiting = await unsentCount(audit.id);
    list.append(
      h(
        "div",
        { class: "list-group-item d-flex align-items-center gap-2" },
        h("a", { href: `#audit/${audit.id}`, class: "flex-grow-1" },
          h("div", { class: "fw-semibold", text: audit.firm }),
          h("div", { class: "small text-body-secondary", text: `${audit.area} · ${audit.phase} · ${audit.date}` })),
        waiting ? h("span", { class: "badge text-bg-warning", text: String(waiting) }) : null,
        h("button", {
          type: "button",
          class: "btn btn-sm btn-outline-secondary",
          title: T.remove,
          "aria-label": T.remove,
          text: "×",
          onclick: async () => {
            if (await unsentCount(audit.id)) return alert(T.keep_unsent);
            await db.delete("audits", audit.id);
            showHome();
          },
        })
      )
    );
  }
  const drafts = h("div", { class: "list-group", "data-testid": "drafts" });
  app.replaceChildren(
    h("h1", { class: "h5", text: T.on_phone }),
    onPhone.length ? list : h("p", { class: "text-body-secondary", text: T.none_on_phone }),
    h("h2", { class: "h6 mt-3", text: T.drafts }),
    drafts
  );
  if (!navigator.onLine) return;
  try {
    const response = await fetch(CONFIG.audits, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const { audits } = await response.json();
    if (!audits.length) drafts.replaceWith(h("p", { class: "text-body-secondary", text: T.none_online }));
    for (const audit of audits) {
      drafts.append(
        h("div", { class: "list-group-item d-flex align-items-center gap-2", "data-testid": `draft-${audit.id}` },
          h("div", { class: "flex-grow-1" },
            h("div", { class: "fw-semibold", text: audit.firm }),
            h("div", { class: "small text-body-secondary", text: `${audit.area} · ${audit.phase} · ${audit.date}` })),
          h("button", {
            type: "button",
            class: "btn btn-sm btn-primary",
            text: onPhone.some((a) => a.id === audit.id) ? T.open : T.take,
            onclick: async () => {
              await takeToField(audit.url);
              location.hash = `#audit/${audit.id}`;
            },
          }))
      );
    }
  } catch {
    drafts.replaceWith(h("p", { class: "text-body-secondary", text: T.load_failed }));
  }
}

async function takeToField(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(String(response.status));
  const bundle = await response.json();
  const kept = await db.get("audits", bundle.id);
  bundle.state = kept?.state || {};
  bundle.takenAt = new Date().toISOString();
  await db.put("audits", bundle);
  const cache = await caches.open(PHOTO_CACHE);
  await Promise.allSettled(bundle.photos.map((p) => cache.add(p.thumbnail)));
  if (navigator.storage?.persist) {
    const persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
    flash(persisted ? T.persisted : T.not_persisted, persisted ? "success" : "warning");
  }
}

function flash(text, tone = "info") {
  const note = h("div", { class: `alert alert-${tone} py-2 small`, role: "status", text });
  app.prepend(note);
  setTimeout(() => note.remove(), 6000);
}

function showStatus(entry, state) {
  const node = document.querySelector(`[data-status-key="${CSS.escape(entry.key)}"]`);
  if (node && state === "sending") node.textContent = T.sending;
}

function statusLine(entry, state, key) {
  let text = "";
  let tone = "text-body-secondary";
  if (entry) {
    text = entry.status === "refused" ? `${T.refused}: ${entry.error}` : T.saved;
    tone = entry.status === "refused" ? "text-danger" : "text-warning-emphasis";
  } else if (state === "sent") {
    text = T.sent;
    tone = "text-success";
  } else if (state === "conflict") {
    text = T.conflict;
    tone = "text-danger";
  }
  return h("div", { class: `small mt-1 ${tone}`, "data-status-key": key, "data-state": entry ? entry.status : state || "", text });
}

async function showAudit(id, refresh = true) {
  let audit = await db.get("audits", id);
  if (refresh && navigator.onLine) {
    try {
      await takeToField(`${CONFIG.scope}audits/${id}.json`);
      audit = await db.get("audits", id);
    } catch {
      /* offline or refused: what the phone holds */
    }
  }
  if (!audit) {
    location.hash = "";
    return;
  }
  current = audit;
  const outbox = new Map((await db.getAllFromIndex("outbox", "audit", id)).map((e) => [e.key, e]));
  const sections = audit.sections.map((section) =>
    h("section", { class: "mb-4" },
      h("h2", { class: "h6 text-uppercase text-body-secondary", text: section.title }),
      section.items.map((item) => itemCard(audit, item, outbox)))
  );
  const focused = document.activeElement?.id;
  app.replaceChildren(
    h("a", { href: "#", class: "small", text: `← ${T.back}` }),
    h("h1", { class: "h5 mt-2 mb-0", text: audit.firm }),
    h("p", { class: "small text-body-secondary", text: `${audit.area} · ${audit.phase} · ${audit.date} · ${audit.checklist.name}` }),
    ...sections,
    outcomesCard(audit, outbox)
  );
  if (focused) document.getElementById(focused)?.focus();
}

function itemCard(audit, item, outbox) {
  const key = `a:${audit.id}:${item.id}`;
  const entry = outbox.get(key);
  const saved = audit.answers[String(item.id)];
  const answer = entry || saved || {};
  const base = saved ? saved.version : 0;
  const name = `s-${item.id}`;
  const choose = (score, na) => () => {
    clearTimeout(typing.get(key)?.timer);
    typing.delete(key); // the comment being typed goes with the score
    return queue({
      key, type: "answer", audit: audit.id, item: item.id, score, not_applicable: na,
      comment: card.querySelector("textarea").value, base_version: entry ? entry.base_version : base,
      answered_at: new Date().toISOString(),
    }).then(rerender);
  };
  const options = audit.scale.map(([value, label]) => [
    h("input", { type: "radio", class: "btn-check", name, id: `${name}-${value}`, value, checked: !answer.not_applicable && answer.score === value, onchange: choose(value, false) }),
    h("label", { class: "btn btn-outline-primary", for: `${name}-${value}`, title: label, text: String(value) }),
  ]);
  if (item.na) {
    options.push([
      h("input", { type: "radio", class: "btn-check", name, id: `${name}-na`, value: "na", checked: !!answer.not_applicable, onchange: choose(null, true) }),
      h("label", { class: "btn btn-outline-secondary", for: `${name}-na`, text: T.na }),
    ]);
  }
  const comment = h("textarea", {
    class: "form-control form-control-sm mt-2", rows: 1, id: `c-${item.id}`, placeholder: T.comment, "aria-label": T.comment,
    oninput: () =>
      later(key, () => {
        const chosen = card.querySelector(`input[name="${name}"]:checked`);
        return queue({
          key, type: "answer", audit: audit.id, item: item.id,
          score: chosen && chosen.value !== "na" ? Number(chosen.value) : null,
          not_applicable: chosen?.value === "na", comment: comment.value,
          base_version: entry ? entry.base_version : base, answered_at: new Date().toISOString(),
        });
      }, 250),
  });
  comment.value = answer.comment || "";
  const photos = h("div", { class: "d-flex flex-wrap gap-1 mt-2" });
  for (const photo of audit.photos.filter((p) => p.item === item.id)) {
    photos.append(h("img", { src: photo.thumbnail, alt: photo.caption || item.code, class: "field-thumb", "data-testid": "photo-sent" }));
  }
  for (const photo of outbox.values()) {
    if (photo.type !== "photo" || photo.item !== item.id) continue;
    const url = URL.createObjectURL(photo.blob);
    photos.append(h("figure", { class: "m-0" },
      h("img", { src: url, alt: item.code, class: "field-thumb", "data-testid": "photo-waiting", onload: () => URL.revokeObjectURL(url) }),
      statusLine(photo, null, photo.key)));
  }
  const picker = h("input", {
    type: "file", accept: "image/*", capture: "environment", class: "visually-hidden", "data-testid": `photo-${item.code}`,
    onchange: async () => {
      for (const file of picker.files) {
        let blob;
        try {
          blob = await resize(file);
        } catch {
          flash(T.photo_failed, "danger");
          continue;
        }
        const id = crypto.randomUUID();
        await queue({
          key: `p:${id}`, type: "photo", id, audit: audit.id, item: item.id, kind: "evidence", caption: "",
          blob, sha256: await hex(await blob.arrayBuffer()), created: new Date().toISOString(),
        });
      }
      picker.value = "";
      rerender();
    },
  });
  const card = h("div", { class: "card mb-2", "data-testid": `item-${item.code}` },
    h("div", { class: "card-body p-2" },
      h("div", { class: "small" }, h("strong", { text: item.code }), " ", item.text),
      h("div", { class: "btn-group btn-group-sm mt-2 flex-wrap", role: "group", "aria-label": item.code }, options),
      comment,
      photos,
      h("label", { class: "btn btn-sm btn-outline-secondary mt-2" }, T.add_photo, picker),
      statusLine(entry, audit.state[String(item.id)], key)));
  return card;
}

function outcomesCard(audit, outbox) {
  if (!audit.indicators.length) return null;
  const key = `o:${audit.id}`;
  const entry = outbox.get(key);
  const values = entry ? entry.values : Object.fromEntries(audit.indicators.map((i) => [i.code, i.values]));
  const save = () =>
    later(key, () => {
      const collected = {};
      for (const indicator of audit.indicators) {
        const boxes = [...card.querySelectorAll(`[data-indicator="${indicator.code}"]`)].map((b) => b.value.trim());
        collected[indicator.code] = boxes.some(Boolean) ? boxes : [];
      }
      return queue({ key, type: "outcomes", audit: audit.id, values: collected });
    }, 300);
  const card = h("section", { class: "card mb-4", "data-testid": "outcomes" },
    h("div", { class: "card-body p-2" },
      h("h2", { class: "h6", text: T.outcomes }),
      audit.indicators.map((indicator) =>
        h("div", { class: "mb-2" },
          h("div", { class: "small fw-semibold", text: `${indicator.name} (${indicator.unit})` }),
          h("div", { class: "d-flex gap-1 flex-wrap" },
            Array.from({ length: indicator.samples }, (_, n) => {
              const box = h("input", {
                type: "text", inputmode: "decimal", class: "form-control form-control-sm field-sample",
                id: `o-${indicator.code}-${n}`, "data-indicator": indicator.code,
                "aria-label": indicator.samples > 1 ? `${indicator.name}: ${format(T.sample, { n: n + 1 })}` : indicator.name,
                oninput: save,
              });
              box.value = (values[indicator.code] || [])[n] ?? "";
              return box;
            })))),
      statusLine(entry, audit.state.outcomes, key)));
  return card;
}

/* ---------- the last resort: a file of what was not sent ---------- */

function base64(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1]);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

async function exportUnsent() {
  const entries = await db.getAll("outbox");
  const file = {
    format: "rantai-5r-outbox",
    version: 1,
    exported_at: new Date().toISOString(),
    user: CONFIG.user,
    answers: [],
    photos: [],
    outcomes: [],
  };
  for (const e of entries) {
    if (e.type === "answer") {
      const { audit, item, score, not_applicable, comment, base_version, answered_at } = e;
      file.answers.push({ audit, item, score, not_applicable, comment, base_version, answered_at });
    } else if (e.type === "photo") {
      const { id, audit, item, kind, caption, sha256 } = e;
      file.photos.push({ id, audit, item, kind, caption, sha256, data: await base64(e.blob) });
    } else if (e.type === "outcomes") {
      file.outcomes.push({ audit: e.audit, values: e.values });
    }
  }
  const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: "application/json" }));
  const link = h("a", { href: url, download: `rantai-5r-belum-terkirim-${file.exported_at.slice(0, 10)}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  flash(T.exported, "success");
}

/* ---------- start ---------- */

document.getElementById("send-now").addEventListener("click", () => sync());
document.getElementById("export").addEventListener("click", () => exportUnsent());
window.addEventListener("online", () => {
  refreshNetwork();
  sync();
});
window.addEventListener("offline", refreshNetwork);
// Closing or hiding the tab saves what is being typed at once.
window.addEventListener("pagehide", () => flushTyping());
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") flushTyping();
});
window.addEventListener("hashchange", () => {
  const match = location.hash.match(/^#audit\/(\d+)$/);
  if (match) showAudit(Number(match[1]));
  else showHome();
});
setInterval(() => {
  if (navigator.onLine) sync();
}, 20000);

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(CONFIG.worker, { scope: CONFIG.scope }).catch(() => {});
}
refreshNetwork();
await refreshCounter();
const opening = location.hash.match(/^#audit\/(\d+)$/);
if (opening) await showAudit(Number(opening[1]));
else await showHome();
document.body.dataset.ready = "true";
sync();
