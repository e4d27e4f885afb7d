from __future__ import annotations

from django.urls import path

from boucle.territory import views

app_name = "territory"
_STUDY = "o/<slug:slug>/material-flows/<int:study_id>/"
urlpatterns = [
    path("o/<slug:slug>/material-flows/", views.study_list, name="study_list"),
    path("o/<slug:slug>/material-flows/new/", views.study_create, name="study_create"),
    path(_STUDY, views.study_detail, name="study_detail"),
    path(_STUDY + "status/", views.study_status, name="study_status"),
    path(_STUDY + "edit/", views.study_edit, name="study_edit"),
    path(_STUDY + "delete/", views.study_delete, name="study_delete"),
    path(_STUDY + "files/<str:kind>/", views.study_file, name="study_file"),
    path(_STUDY + "results.csv", views.results_csv, name="results_csv"),
    path(_STUDY + "results.xlsx", views.results_xlsx, name="results_xlsx"),
    path(_STUDY + "questionnaire.xlsx", views.questionnaire_xlsx, name="questionnaire_xlsx"),
]
