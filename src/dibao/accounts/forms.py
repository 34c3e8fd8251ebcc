from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dibao.areas.forms import area_choices
from dibao.areas.models import Area
from dibao.core.roles import Role
from dibao.core.service_forms import ServiceForm, field_label

from .lockout import lock_ends, lockout_message
from .models import User


class LockingAuthenticationForm(AuthenticationForm):
    """Django's log-in form. Axes counts its failures and refuses a locked username (see
    `accounts.lockout`); the form then says so, and when to try again, instead of "wrong password"."""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                ends = lock_ends(self.cleaned_data.get("username") or "")
                raise ValidationError(lockout_message(ends), code="locked_out") from None
            raise


class UserCreateForm(ServiceForm):
    required_inputs = ("username", "role", "area", "password", "password_again")

    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=field_label(User, "full_name"), max_length=60)
    role = forms.ChoiceField(label=field_label(User, "role"))
    area = forms.ChoiceField(label=field_label(User, "area"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(render_value=False))
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [("", "---------"), *Role.choices]
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", "---------"), *area_choices(areas)]
        self.fields["password"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password_again"].widget.attrs["autocomplete"] = "new-password"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The service takes an area, not a code: a missing one is caught here.
        if not data.get("area"):
            self.add_error("area", _("This field is required."))
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data
