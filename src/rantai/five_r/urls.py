from django.urls import path

from rantai.five_r import views

app_name = "five_r"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("programs/", views.program_list, name="program-list"),
    path("programs/new/", views.program_create, name="program-create"),
    path("programs/<int:pk>/", views.program_detail, name="program-detail"),
    path("programs/<int:pk>/edit/", views.program_update, name="program-update"),
    path("programs/<int:pk>/activities/new/", views.activity_edit, name="activity-create"),
    path(
        "programs/<int:pk>/activities/<int:activity_pk>/edit/",
        views.activity_edit,
        name="activity-update",
    ),
    path(
        "programs/<int:pk>/activities/<int:activity_pk>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path("calendar/", views.calendar_view, name="calendar"),
    path("checklists/", views.template_list, name="template-list"),
    path("checklists/import/", views.template_import, name="template-import"),
    path("checklists/<int:pk>/", views.template_detail, name="template-detail"),
    path(
        "checklists/<int:pk>/export.<str:file_format>",
        views.template_export,
        name="template-export",
    ),
    path(
        "checklists/<int:pk>/new-version/", views.template_new_version, name="template-new-version"
    ),
    path("audits/", views.audit_list, name="audit-list"),
    path("audits/new/", views.audit_create, name="audit-create"),
    path("audits/<int:pk>/", views.audit_detail, name="audit-detail"),
    path("audits/<int:pk>/capture/<slug:section>/", views.audit_capture, name="audit-capture"),
    path("audits/<int:pk>/items/<int:item_pk>/answer/", views.audit_answer, name="audit-answer"),
    path("audits/<int:pk>/items/<int:item_pk>/photos/", views.audit_photo, name="audit-photo"),
    path("audits/<int:pk>/items/<int:item_pk>/correct/", views.audit_correct, name="audit-correct"),
    path("audits/<int:pk>/submit/", views.audit_submit, name="audit-submit"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo-delete"),
    path("photos/<int:pk>/<slug:size>.jpg", views.photo_file, name="photo"),
    path("reports/<slug:kind>/<int:pk>/", views.report, name="report"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("firms/<int:firm_pk>/", views.firm_results, name="firm-results"),
    path("firms/<int:firm_pk>/red-tags/new/", views.red_tag_edit, name="red-tag-create"),
    path("firms/<int:firm_pk>/red-tags/<int:tag_pk>/", views.red_tag_edit, name="red-tag-update"),
    path("readiness/", views.ladder, name="ladder"),
]
