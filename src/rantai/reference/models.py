"""Reference data shipped with the code: regions, KBLI codes, processes and materials.

These tables are loaded by migrations from the files in ``data/`` and are read-only at run time.
They live in their own app so browser tests (which flush the database after each test) can keep
them: see ``tests/e2e/conftest.py``.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """A row named in Indonesian (``name``) and English (``name_en``)."""

    name = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "id").startswith("en"):
            return self.name_en or self.name
        return self.name


class Region(models.Model):
    """An administrative region with its official code (Kepmendagri), from province to village."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("province")
        REGENCY = 2, _("regency/city")
        DISTRICT = 3, _("district (kecamatan)")
        VILLAGE = 4, _("village (kelurahan/desa)")

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def fields_of(village: str) -> dict:
        """The four region fields of a place in ``village`` (a code such as 33.28.10.1010):
        its province, regency, district and village, as firms and estates hold them."""
        parts = village.split(".")
        return {
            "province_id": parts[0],
            "regency_id": ".".join(parts[:2]),
            "district_id": ".".join(parts[:3]),
            "village_id": village,
        }

    @property
    def kind_label(self) -> str:
        """'Kelurahan' or 'Desa' for villages (the code says which), else the level's name."""
        if self.level == self.Level.VILLAGE:
            return _("Kelurahan") if self.code.rsplit(".", 1)[-1].startswith("1") else _("Desa")
        return self.get_level_display()

    def ancestors(self) -> list["Region"]:
        """From the province down to this region, using the codes (one query)."""
        parts = self.code.split(".")
        codes = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
        found = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [found[c] for c in codes if c in found]

    @property
    def full_name(self) -> str:
        return ", ".join(r.name for r in reversed(self.ancestors()))


class Kbli(models.Model):
    """A 5-digit KBLI 2020 business activity code."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    title = models.CharField(_("title (Indonesian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)

    class Meta:
        verbose_name = _("KBLI code")
        verbose_name_plural = _("KBLI codes")
        ordering = ["code"]

    def __str__(self) -> str:
        title = self.title_en if (get_language() or "id").startswith("en") else self.title
        return f"{self.code} {title}"


class Process(BilingualName):
    """A manufacturing process from the shipped taxonomy; top-level rows are process families."""

    code = models.SlugField(_("code"), max_length=60, primary_key=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("process family"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent.label} › {self.label}"
        return self.label


class Material(BilingualName):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["sort_order"]
