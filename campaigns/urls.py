"""Browser pages of campaigns."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.CampaignListView.as_view(), name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/targets/", views.target_add, name="target_add"),
    path("<int:pk>/tasks/", views.task_add, name="task_add"),
    path("<int:pk>/requirements/", views.requirement_add, name="requirement_add"),
    path("<int:pk>/checklists/", views.attach_checklist, name="attach_checklist"),
    path("<int:pk>/submissions/", views.submission_list, name="submissions"),
    path("<int:pk>/submissions/remind/", views.submissions_remind_late, name="submissions_remind_late"),
    path("<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/status/", views.task_status, name="task_status"),
    path("attachments/<int:pk>/", views.task_attachment, name="task_attachment"),
    path("submissions/mine/", views.my_submissions, name="my_submissions"),
    path("submissions/<int:pk>/", views.submission_submit, name="submission"),
    path("submissions/<int:pk>/remind/", views.submission_remind, name="submission_remind"),
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
]
