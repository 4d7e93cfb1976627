from volunteer_portal.menu import menu_for


def portal(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "main_menu": menu_for(
            user, request.path, getattr(request.resolver_match, "view_name", None)
        ),
        "can_use_admin": user.is_authenticated and user.is_staff,
    }
