from __future__ import annotations

from procrastinate.contrib.django import app

from tremplin.graduates import services
from tremplin.graduates.models import RegistrationRequest


@app.task(name="answer_graduate_registration", queue="mail")
def answer_graduate_registration(*, request_id: int) -> None:
    request = RegistrationRequest.objects.filter(pk=request_id).first()
    if request is not None:  # already answered by an earlier attempt of this job
        services.answer_registration(request)
