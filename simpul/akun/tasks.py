"""Background work of the akun app."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


@task()
def kirim_tautan_sandi(user_id: int) -> bool:
    """Email a new account its set-password link (allauth's password-reset key view).

    Safe to run twice: each run sends a fresh, valid link; the first one used invalidates the
    others (the token depends on the password hash)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    from .models import User

    user = User.objects.filter(pk=user_id, is_active=True).exclude(email=None).first()
    if user is None:
        return False
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    konteks = {"user": user, "url": settings.SIMPUL_SITE_URL.rstrip("/") + path,
               "pembuat": user.dibuat_oleh}
    with translation.override(settings.LANGUAGE_CODE):
        subjek = render_to_string("akun/email/undangan_subjek.txt", konteks).strip()
        pesan = render_to_string("akun/email/undangan_pesan.txt", konteks)
    send_mail(subjek, pesan, None, [user.email], fail_silently=False)
    return True
