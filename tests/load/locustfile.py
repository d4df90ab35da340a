"""Load test of the portal with the national data set (build_national_dataset); run by tests/load/run_load.sh.

Partner staff read the guide, open their regions and phase pages, tick items with htmx and download progress PDFs
(nobody ticks in a quarter of the regions, so their stored report stays current and its download is a database
read: those downloads have a row of their own); advisors (with their authenticator code) open the Versnellingsteam
overview; /gezond/ is the floor every endpoint is compared with. Loopback only: the host must be 127.0.0.1 or
localhost.
"""

import hashlib
import hmac
import itertools
import random
import re
import struct
import time
import zlib
from urllib.parse import urlparse

from locust import HttpUser, between, events, task
from requests.cookies import RequestsCookieJar

PASSWORD = "landelijk-proef-2026"  # build_national_dataset's default --password
SEED = 1
PEOPLE = 3000
ADVISORS = 15
REGION_LINK = re.compile(r'href="/regios/([a-z0-9-]+)/"')
ITEM_URL = re.compile(r'data-hx-post="(/regios/[a-z0-9-]+/fasen/\d+/punten/(\d+)/)"[^>]*data-hx-trigger="change"')
advisor_numbers = itertools.count(1)


def unchanged(slug: str) -> bool:
    """A quarter of the regions, the same for every user: nobody ticks there."""
    return zlib.crc32(slug.encode()) % 4 == 0


@events.test_start.add_listener
def loopback_only(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"Refusing to load-test {host!r}: loopback only.")


class LoopbackCookieJar(RequestsCookieJar):
    """With DEBUG off the portal marks its cookies Secure; on plain-HTTP loopback send them anyway."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def otp_key(username: str) -> bytes:
    """The advisor's authenticator key as build_national_dataset derives it (national_otp_key)."""
    return bytes.fromhex(hmac.new(f"wonen-eerst-{SEED}".encode(), username.encode(), hashlib.sha1).hexdigest())


def totp(key: bytes, at: float) -> str:
    """RFC 6238: 6 digits, 30-second steps, SHA-1 (as django_otp.oath.totp)."""
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 4)  # think time of a person reading a page

    def on_start(self):
        self.client.cookies = LoopbackCookieJar()

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def login(self, username: str) -> bool:
        self.client.get("/account/inloggen/", name="/account/inloggen/")
        response = self.client.post(
            "/account/inloggen/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf(), "next": "/regios/"},
            name="/account/inloggen/ (POST)",
        )
        return response.ok

    @task(2)
    def health(self):
        self.client.get("/gezond/", name="/gezond/")


class PartnerStaff(PortalUser):
    weight = 8

    def on_start(self):
        super().on_start()
        self.login(f"nl-{random.randint(1, PEOPLE):05d}")
        page = self.client.get("/regios/", name="/regios/")
        self.slugs = sorted(set(REGION_LINK.findall(page.text))) or [None]
        self.items = {}

    @task(3)
    def guide(self):
        path = random.choice(["/", "/fasen/", f"/fasen/{random.randint(1, 6)}/", "/hulpmiddelen/"])
        self.client.get(path, name="guide: " + re.sub(r"\d", "n", path))

    @task(3)
    def region(self):
        if slug := random.choice(self.slugs):
            self.client.get(f"/regios/{slug}/", name="/regios/[slug]/")

    @task(3)
    def phase(self):
        if slug := random.choice(self.slugs):
            number = random.randint(1, 6)
            page = self.client.get(f"/regios/{slug}/fasen/{number}/", name="/regios/[slug]/fasen/[n]/")
            found = ITEM_URL.findall(page.text)
            if found and not unchanged(slug):
                self.items[(slug, number)] = found

    @task(2)
    def tick(self):
        if not self.items:
            return self.phase()
        url, item_id = random.choice(random.choice(list(self.items.values())))
        data = {"actie": "vinken", "csrfmiddlewaretoken": self.csrf()}
        if random.random() < 0.6:
            data[f"punt-{item_id}-done"] = "on"
        headers = {"HX-Request": "true", "X-CSRFToken": self.csrf(), "HX-Target": f"punt-{item_id}-stand"}
        self.client.post(url, data, headers=headers, name="tick (htmx POST)")

    @task(1)
    def pdf(self):
        if slug := random.choice(self.slugs):
            kind = "stored" if unchanged(slug) else "changed"
            self.client.get(f"/regios/{slug}/voortgang.pdf", name=f"/regios/[slug]/voortgang.pdf ({kind})")

    @task(1)
    def figures(self):
        if slug := random.choice(self.slugs):
            self.client.get(f"/regios/{slug}/kengetallen/", name="/regios/[slug]/kengetallen/")


class Advisor(PortalUser):
    weight = 2

    def on_start(self):
        super().on_start()
        number = (next(advisor_numbers) - 1) % ADVISORS + 1
        username = f"nl-adviseur-{number:02d}"
        self.login(username)
        self.client.get("/account/tweestaps/controle/", name="/account/tweestaps/controle/")
        self.client.post(
            "/account/tweestaps/controle/",
            {"code": totp(otp_key(username), time.time()), "csrfmiddlewaretoken": self.csrf(), "next": "/regios/"},
            name="/account/tweestaps/controle/ (POST)",
        )

    @task(4)
    def overview(self):
        self.client.get("/versnellingsteam/", name="/versnellingsteam/")

    @task(1)
    def inbox(self):
        self.client.get("/versnellingsteam/hulpvragen/", name="/versnellingsteam/hulpvragen/")

    @task(1)
    def figures(self):
        self.client.get("/versnellingsteam/kengetallen/", name="/versnellingsteam/kengetallen/")
