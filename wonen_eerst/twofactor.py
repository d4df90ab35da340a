"""Two-factor authentication with a time-based code (TOTP, django-otp).

After the password, a person who has a confirmed authenticator app enters its code (``controle``); a person
who must use two-factor authentication but has none yet sets it up first (``instellen``). Until then the
middleware lets them reach nothing else. Required for advisors (``regions.view_all_regions``), staff and
superusers when ``WONEN_EERST_REQUIRE_2FA`` is on (by default whenever DEBUG is off); optional for others.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from regions.permissions import is_advisor

SESSION_KEY = "wonen_eerst_2fa"
VERIFY, SETUP, DONE = "verify", "setup", "done"
STEP_URL_NAMES = {VERIFY: "twofactor_verify", SETUP: "twofactor_setup"}
ALWAYS_OPEN = ("/static/", "/gezond/")


def is_required(user) -> bool:
    """Advisors, staff and superusers must use a second factor (when the setting is on)."""
    return settings.WONEN_EERST_REQUIRE_2FA and (user.is_staff or user.is_superuser or is_advisor(user))


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def check_code(device: TOTPDevice, code: str) -> str | None:
    """None when the code is right; else the Dutch reason. Wrong codes slow down further tries (throttling)."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return THROTTLED
    if verify_token(device.user, device.persistent_id, code) is None:
        return WRONG_CODE
    return None


def pending_step(request) -> str:
    """What the signed-in person still has to do: verify a code, set up an app, or nothing.

    Decided on every request from the person's current role, so someone made advisor, staff or superuser while
    logged in is sent to set up or enter their code before their next page. Whether someone for whom it is optional
    has an app is an account fact, kept in the session once looked up.
    """
    user = request.user
    if user.is_verified():
        return DONE
    if is_required(user):
        return VERIFY if has_device(user) else SETUP
    state = request.session.get(SESSION_KEY)
    if state is None:
        state = VERIFY if has_device(user) else DONE
        request.session[SESSION_KEY] = state
    return state


class TwoFactorMiddleware:
    """Sends a signed-in person who still owes a code (or an app) to that step first; admin included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(ALWAYS_OPEN) and request.user.is_authenticated:
            step = pending_step(request)
            if step != DONE and request.path_info not in (reverse(STEP_URL_NAMES[step]), reverse("logout")):
                url = f"{reverse(STEP_URL_NAMES[step])}?{urlencode({'next': request.get_full_path()})}"
                return redirect(url)  # for htmx, BackToThePage makes it a redirect of the whole page
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code uit je authenticator-app",
        help_text="De zes cijfers die de app nu toont. De code verandert elke 30 seconden.",
        max_length=20,
        error_messages={"required": "Vul de code van zes cijfers in."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Een code bestaat uit precies zes cijfers.")
        return code


WRONG_CODE = "Deze code klopt niet of is verlopen. Wacht op de volgende code en probeer het opnieuw."
THROTTLED = "Te veel foute codes achter elkaar. Wacht even en probeer het dan opnieuw met een nieuwe code."


def _next_url(request, default: str = "") -> str:
    """The page asked for before this step, if it is on this site; else the default page (or "")."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return url if ok else (reverse(default) if default else "")


def _verified(request, device) -> None:
    otp_login(request, device)
    request.session[SESSION_KEY] = DONE


def qr_svg(text: str) -> str:
    """An SVG QR code (vector, no raster image, no outside service), labelled for screen readers."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :].replace(
        "<svg ", '<svg class="qr-code__image" role="img" aria-label="QR-code voor je authenticator-app" ', 1
    )
    return mark_safe(svg)  # noqa: S308 (generated by qrcode from our own otpauth URL)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """After the password: the code from the app."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("twofactor_setup")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        error = check_code(device, form.cleaned_data["code"])
        if error is None:
            _verified(request, device)
            return redirect(_next_url(request, settings.LOGIN_REDIRECT_URL))
        form.add_error("code", error)
    return render(request, "registration/twofactor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Link an authenticator app: scan the QR code (or type the key), confirm with a first code."""
    if has_device(request.user):
        return redirect("twofactor" if request.user.is_verified() else "twofactor_verify")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator-app"}
    )
    form = CodeForm(request.POST or None)
    if form.is_valid():
        error = check_code(device, form.cleaned_data["code"])
        if error is None:
            TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
            device.confirmed = True
            _verified(request, device)
            messages.success(request, "Tweestapsverificatie staat aan. Het portaal vraagt voortaan ook een code.")
            return redirect(_next_url(request, "twofactor"))
        form.add_error("code", error)
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": qr_svg(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _next_url(request),
        "required": is_required(request.user),
    }
    return render(request, "registration/twofactor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def manage(request):
    """The account's two-factor page: its status; switching it off with a current code, where allowed."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    required = is_required(request.user)
    if request.method == "POST" and (required or device is None):
        raise PermissionDenied("Tweestapsverificatie is voor jouw account verplicht of staat al uit.")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        error = check_code(device, form.cleaned_data["code"])
        if error is None:
            TOTPDevice.objects.filter(user=request.user).delete()
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            request.session[SESSION_KEY] = DONE
            messages.success(request, "Tweestapsverificatie staat uit.")
            return redirect("twofactor")
        form.add_error("code", error)
    context = {"form": form, "enabled": device is not None, "required": required}
    return render(request, "registration/twofactor_manage.html", context)
