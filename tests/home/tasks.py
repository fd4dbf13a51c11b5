"""Tasks that only the worker tests queue."""

from django.tasks import task


@task
def explode():
    raise RuntimeError("the job broke")
