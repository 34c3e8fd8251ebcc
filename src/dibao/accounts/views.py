"""Log-in and log-out, and the users page of the admin role."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dibao.areas.selectors import area_for, visible_areas
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.core.roles import USER_MANAGERS

from .forms import LockingAuthenticationForm, UserCreateForm
from .selectors import visible_users
from .services import user_create
from .staff import StaffRequest

PER_PAGE = 50


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    # Failed log-ins are counted, and a locked username refused, by axes (accounts.lockout).
    authentication_form = LockingAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Django's: POST only, so that a link or an image cannot log anyone out."""


@page(roles=USER_MANAGERS)
def user_list(request: StaffRequest) -> HttpResponse:
    users = Paginator(visible_users(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"users": users})


@page(roles=USER_MANAGERS)
def user_create_page(request: StaffRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, areas=visible_areas(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = user_create(
                username=data["username"] or "",
                full_name=data["full_name"] or "",
                role=data["role"] or "",
                area=area_for(request.user, data["area"]),
                password=data["password"] or "",
                actor=request.user,
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("User %(username)s created.") % {"username": created.username})
            return redirect("accounts:user-list")
    return render(request, "accounts/user_form.html", {"form": form})
