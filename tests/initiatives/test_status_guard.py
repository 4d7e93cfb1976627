"""Statuses change only in the apps' services (``services.py`` or a module of a ``services/``
package), so every change is checked and recorded.

The guard reads the source: an assignment to ``.status``, a ``status=`` keyword when creating
or updating rows, a ``"status"`` key in a dict handed to a call (``defaults=``) and
``setattr(…, "status", …)``.
Reading a status (``filter(status=…)``) and HTTP status codes are fine.
"""

import ast
from pathlib import Path

from django.conf import settings

FOLDERS = ("initiatives", "volunteer_portal", "organisations", "partnerships")
WRITING_METHODS = {"create", "update", "get_or_create", "update_or_create", "bulk_create"}
# initiatives/demo.py builds the demo plan with statuses and dates fixed in the past on
# purpose (its history is written alongside), so it may set them directly; the scale data
# (volunteer_portal/scale_data/) writes tens of thousands of rows in bulk the same way, and its
# test checks that their statuses, dates and history agree.
EXEMPT = {Path("initiatives/demo.py")}
EXEMPT_FOLDERS = {Path("volunteer_portal/scale_data")}


def _model_names():
    from django.apps import apps

    return {
        model.__name__
        for model in apps.get_models()
        if any(field.name == "status" for field in model._meta.get_fields())
    }


def _has_status_key(node):
    return isinstance(node, ast.Dict) and any(
        isinstance(key, ast.Constant) and key.value == "status" for key in node.keys
    )


def status_writes(source, model_names=frozenset()):
    """Line numbers in ``source`` where a status is written."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in targets):
            lines.append(node.lineno)
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        keywords = {k.arg: k.value for k in node.keywords}
        if "status" in keywords and (name in WRITING_METHODS or name in model_names):
            lines.append(node.lineno)
        # defaults={"status": …}, or such a dict handed to a helper (demo.py's upsert).
        if any(_has_status_key(value) for value in [*node.args, *keywords.values()]):
            lines.append(node.lineno)
        if name == "setattr" and len(node.args) > 1:
            attribute = node.args[1]
            if isinstance(attribute, ast.Constant) and attribute.value == "status":
                lines.append(node.lineno)
    return lines


def test_status_is_written_only_in_services():
    base = Path(settings.BASE_DIR)
    model_names = _model_names()
    offenders = [
        f"{path.relative_to(base)}:{line}"
        for folder in FOLDERS
        for path in sorted((base / folder).rglob("*.py"))
        if "migrations" not in path.parts
        and path.name != "services.py"
        and path.parent.name != "services"
        and path.relative_to(base) not in EXEMPT
        and path.relative_to(base).parent not in EXEMPT_FOLDERS
        for line in status_writes(path.read_text(), model_names)
    ]
    assert offenders == []


def test_guard_catches_every_way_of_writing_a_status():
    for source in [
        "initiative.status = 'completed'",
        "initiative.status: str = 'completed'",
        "Initiative.objects.filter(pk=1).update(status='completed')",
        "Initiative.objects.create(title='x', status='completed')",
        "Initiative.objects.update_or_create(pk=1, defaults={'status': 'completed'})",
        "Initiative.objects.get_or_create(pk=1, create_defaults={'status': 'completed'})",
        "Initiative(title='x', status='completed')",
        "setattr(initiative, 'status', 'completed')",
        "upsert(Initiative, {'pk': 1}, {'status': 'completed'})",
    ]:
        assert status_writes(source, {"Initiative"}) == [1], source


def test_guard_lets_reads_and_http_statuses_pass():
    for source in [
        "if initiative.status == 'completed': pass",
        "Initiative.objects.filter(status='completed')",
        "Initiative.objects.exclude(status__in=['completed'])",
        "HttpResponse('x', status=503)",
        "render(request, '403.html', status=403)",
        "row = {'status': initiative.status}",
    ]:
        assert status_writes(source, {"Initiative"}) == [], source
