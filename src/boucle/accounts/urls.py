from __future__ import annotations

from django.urls import path

from boucle.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/switch/", views.organisation_switch, name="organisation_switch"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("o/<slug:slug>/", views.organisation_public, name="public"),
    path("o/<slug:slug>/dashboard/", views.organisation_dashboard, name="dashboard"),
    path("o/<slug:slug>/settings/", views.organisation_settings, name="settings"),
    path("o/<slug:slug>/members/", views.members, name="members"),
    path("o/<slug:slug>/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path(
        "o/<slug:slug>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "o/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("o/<slug:slug>/sites/", views.sites, name="sites"),
    path("o/<slug:slug>/sites/new/", views.site_edit, name="site_create"),
    path("o/<slug:slug>/sites/communes/", views.site_communes, name="site_communes"),
    path("o/<slug:slug>/sites/<int:site_id>/", views.site_edit, name="site_edit"),
    path("o/<slug:slug>/sites/<int:site_id>/delete/", views.site_delete, name="site_delete"),
    path("o/<slug:slug>/audit/", views.audit, name="audit"),
    path("o/<slug:slug>/api-keys/", views.api_keys, name="api_keys"),
    path(
        "o/<slug:slug>/api-keys/<int:key_id>/revoke/", views.api_key_revoke, name="api_key_revoke"
    ),
]
