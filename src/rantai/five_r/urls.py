from django.urls import path

from rantai.five_r.views import (
    actions,
    audits,
    capture,
    checklists,
    field,
    firm_results,
    outbox,
    overview,
    programs,
)

app_name = "five_r"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path("programs/", programs.ProgramListView.as_view(), name="program-list"),
    path("programs/new/", programs.program_create, name="program-create"),
    path("programs/<int:pk>/", programs.program_detail, name="program-detail"),
    path("programs/<int:pk>/edit/", programs.program_update, name="program-update"),
    path("programs/<int:pk>/activities/new/", programs.activity_edit, name="activity-create"),
    path(
        "programs/<int:pk>/activities/<int:activity_pk>/edit/",
        programs.activity_edit,
        name="activity-update",
    ),
    path(
        "programs/<int:pk>/activities/<int:activity_pk>/attendance/",
        programs.attendance,
        name="attendance",
    ),
    path("calendar/", overview.calendar_view, name="calendar"),
    path("checklists/", checklists.ChecklistListView.as_view(), name="template-list"),
    path("checklists/import/", checklists.template_import, name="template-import"),
    path("checklists/<int:pk>/", checklists.template_detail, name="template-detail"),
    path(
        "checklists/<int:pk>/export.<str:file_format>",
        checklists.template_export,
        name="template-export",
    ),
    path(
        "checklists/<int:pk>/new-version/",
        checklists.template_new_version,
        name="template-new-version",
    ),
    path("field/", field.app, name="field"),
    path("field/sw.js", field.worker, name="field-worker"),
    path("field/manifest.webmanifest", field.manifest, name="field-manifest"),
    path("field/audits.json", field.audits, name="field-audits"),
    path("field/audits/<int:pk>.json", field.audit, name="field-audit"),
    path("audits/", audits.AuditListView.as_view(), name="audit-list"),
    path("audits/new/", audits.audit_create, name="audit-create"),
    path("audits/<int:pk>/", audits.audit_detail, name="audit-detail"),
    path("audits/<int:pk>/capture/<slug:section>/", capture.audit_capture, name="audit-capture"),
    path("audits/<int:pk>/items/<int:item_pk>/answer/", capture.audit_answer, name="audit-answer"),
    path("audits/<int:pk>/items/<int:item_pk>/photos/", capture.audit_photo, name="audit-photo"),
    path(
        "audits/<int:pk>/items/<int:item_pk>/correct/", audits.audit_correct, name="audit-correct"
    ),
    path("audits/<int:pk>/submit/", audits.audit_submit, name="audit-submit"),
    path("audits/<int:pk>/outcomes/", audits.audit_outcomes, name="audit-outcomes"),
    path("outbox/import/", outbox.outbox_import, name="outbox-import"),
    path("conflicts/<int:pk>/decide/", audits.conflict_decide, name="conflict-decide"),
    path("photos/<int:pk>/delete/", capture.photo_delete, name="photo-delete"),
    path("photos/<int:pk>/<slug:size>.jpg", capture.photo_file, name="photo"),
    path("reports/<slug:kind>/<int:pk>/", audits.report, name="report"),
    path("actions/", actions.ActionListView.as_view(), name="action-list"),
    path("actions/<int:pk>/", actions.action_detail, name="action-detail"),
    path("firms/<int:firm_pk>/", firm_results.firm_results, name="firm-results"),
    path("firms/<int:firm_pk>/red-tags/new/", firm_results.red_tag_edit, name="red-tag-create"),
    path(
        "firms/<int:firm_pk>/red-tags/<int:tag_pk>/",
        firm_results.red_tag_edit,
        name="red-tag-update",
    ),
    path("readiness/", overview.ladder, name="ladder"),
]
