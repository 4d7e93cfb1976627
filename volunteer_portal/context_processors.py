from volunteer_portal.menu import menu_for
from volunteer_portal.municipality import municipality_get


def portal(request):
    # The municipality's name and contact details frame every page (cached: no query).
    context = {"municipality": municipality_get()}
    user = getattr(request, "user", None)
    if user is None:
        return context
    return context | {
        "main_menu": menu_for(
            user, request.path, getattr(request.resolver_match, "view_name", None)
        ),
        "can_use_admin": user.is_authenticated and user.is_staff,
    }
