"""The user's own page: who they are, what they may see, and their API tokens."""

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from geo_server.accounts.models import ApiToken
from geo_server.accounts.tokens import issue_token


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. QGIS on my office PC")}))


def me(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        new_token = issue_token(request.user, form.cleaned_data["name"])
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(request, "accounts/me.html", {"form": form, "tokens": tokens, "new_token": new_token})


@require_POST
def revoke_token(request, token_id: int):
    get_object_or_404(ApiToken, pk=token_id, user=request.user).delete()
    return redirect("me")
