"""publiccode.yml at the repository's root follows the publiccode.yml standard, version 0.4.

The rules below are written from the standard's text for that version: publiccodeyml/publiccode.yml, tag v0.4.0,
docs/standard/schema.core.rst (every key marked "Presence: mandatory"), categories-list.rst and scope-list.rst.
"""

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
import yaml
from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

ROOT = Path(__file__).resolve().parent.parent
SPEC_VERSION = "0.4"

# Keys marked mandatory in schema.core.rst v0.4.0; "[lang]" is each language under description.
MANDATORY = [
    "publiccodeYmlVersion",
    "name",
    "url",
    "platforms",
    "categories",
    "developmentStatus",
    "softwareType",
    "description",
    "legal/license",
    "maintenance/type",
    "localisation/localisationReady",
    "localisation/availableLanguages",
]
MANDATORY_PER_LANGUAGE = ["shortDescription"]
MANDATORY_IN_ONE_LANGUAGE = ["longDescription", "features"]

# Mandatory in the standard, but not known yet: publiccode.yml says so at the top. Whoever adds one removes it here.
NOT_KNOWN_YET = {"url", "maintenance/type"}

DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
# categories-list.rst and scope-list.rst of v0.4.0, as they are written there.
CATEGORY_LIST = """
    accounting agile-project-management applicant-tracking application-development appointment-scheduling backup
    billing-and-invoicing blog budgeting business-intelligence business-process-management cad
    call-center-management cloud-management collaboration communications compliance-management
    contact-management content-management crm customer-service-and-support data-analytics data-collection
    data-visualization design design-system digital-asset-management digital-citizenship document-management
    donor-management e-commerce e-signature educational-content email-management email-marketing
    employee-management enterprise-project-management enterprise-social-networking erp event-management
    facility-management feedback-and-reviews-management financial-reporting fleet-management fundraising
    gamification geographic-information-systems grant-management graphic-design help-desk hr ide
    identity-management instant-messaging integrated-library-system inventory-management it-asset-management
    it-development it-management it-security it-service-management knowledge-management
    learning-management-system marketing mind-mapping mobile-marketing mobile-payment network-management office
    online-booking online-community payment-gateway payroll predictive-analysis procurement productivity-suite
    project-collaboration project-management property-management real-estate-management
    regulations-and-directives remote-support resource-management sales-management seo service-desk
    social-media-management survey talent-management task-management taxes-management test-management
    time-management time-tracking translation video-conferencing video-editing visitor-management voip
    warehouse-management web-collaboration web-conferencing website-builder whistleblowing workflow-management
"""
SCOPE_LIST = """
    agriculture culture defence education emergency-services employment energy environment
    finance-and-economic-development foreign-affairs government healthcare infrastructures justice
    local-authorities manufacturing research science-and-technology security society sport tourism
    transportation welfare
"""
CATEGORIES = set(CATEGORY_LIST.split())
SCOPES = set(SCOPE_LIST.split())
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # BCP 47, the primary language subtag first


def _get(data: dict, path: str):
    for key in path.split("/"):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def missing_keys(data: dict) -> set[str]:
    """The mandatory keys that are absent or empty."""
    missing = {path for path in MANDATORY if _get(data, path) in (None, "", [], {})}
    languages = data.get("description") or {}
    for lang, texts in languages.items():
        missing |= {f"description/{lang}/{key}" for key in MANDATORY_PER_LANGUAGE if not (texts or {}).get(key)}
    for key in MANDATORY_IN_ONE_LANGUAGE:
        if not any((texts or {}).get(key) for texts in languages.values()):
            missing.add(f"description/[lang]/{key}")
    maintenance = data.get("maintenance") or {}
    if maintenance.get("type") in ("internal", "community") and not maintenance.get("contacts"):
        missing.add("maintenance/contacts")
    if maintenance.get("type") == "contract" and not maintenance.get("contractors"):
        missing.add("maintenance/contractors")
    return missing


def invalid_values(data: dict, project_licence: str) -> list[str]:
    """What the standard does not allow in the values that are there."""
    problems = []
    if data.get("publiccodeYmlVersion") != SPEC_VERSION:
        problems.append(f"publiccodeYmlVersion is not the string {SPEC_VERSION!r}")
    if (url := data.get("url")) is not None and not re.match(r"^https?://\S+$", str(url)):
        problems.append("url is not a web address")
    platforms = data.get("platforms")
    if not isinstance(platforms, str | list):
        problems.append("platforms is not a string or a list")
    problems += [f"category {c!r} is not in the list" for c in data.get("categories") or [] if c not in CATEGORIES]
    if data.get("developmentStatus") not in DEVELOPMENT_STATUSES:
        problems.append("developmentStatus is not one of the allowed values")
    if data.get("softwareType") not in SOFTWARE_TYPES:
        problems.append("softwareType is not one of the allowed values")
    audience = data.get("intendedAudience") or {}
    problems += [
        f"country {c!r} is not lowercase ISO 3166-1"
        for c in audience.get("countries", [])
        if not re.fullmatch(r"[a-z]{2}", c)
    ]
    problems += [f"scope {s!r} is not in the list" for s in audience.get("scope", []) if s not in SCOPES]
    for lang, texts in (data.get("description") or {}).items():
        if not LANGUAGE_TAG.match(lang):
            problems.append(f"description language {lang!r} is not a BCP 47 tag")
        texts = texts or {}
        if len(texts.get("shortDescription", "")) > 150:
            problems.append(f"description/{lang}/shortDescription is longer than 150 characters")
        if "longDescription" in texts and not 150 <= len(texts["longDescription"]) <= 10000:
            problems.append(f"description/{lang}/longDescription is not 150 to 10000 characters")
        if "features" in texts and not all(isinstance(f, str) and f for f in texts["features"]):
            problems.append(f"description/{lang}/features is not a list of texts")
    licence = _get(data, "legal/license")
    try:
        canonicalize_license_expression(str(licence))
    except InvalidLicenseExpression:
        problems.append(f"legal/license {licence!r} is not an SPDX expression")
    if licence != project_licence:
        problems.append(f"legal/license {licence!r} is not the licence pyproject.toml declares ({project_licence!r})")
    maintenance = data.get("maintenance") or {}
    if "type" in maintenance and maintenance["type"] not in MAINTENANCE_TYPES:
        problems.append("maintenance/type is not one of the allowed values")
    problems += ["a maintenance contact has no name" for c in maintenance.get("contacts") or [] if not c.get("name")]
    for contractor in maintenance.get("contractors") or []:
        if not contractor.get("name") or not isinstance(contractor.get("until"), date | str):
            problems.append("a contractor needs a name and an until date")
    localisation = data.get("localisation") or {}
    if not isinstance(localisation.get("localisationReady"), bool):
        problems.append("localisation/localisationReady is not true or false")
    problems += [
        f"available language {lang!r} is not a BCP 47 tag"
        for lang in localisation.get("availableLanguages") or []
        if not LANGUAGE_TAG.match(lang)
    ]
    if (released := data.get("releaseDate")) is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(released)):
        problems.append("releaseDate is not YYYY-MM-DD")
    return problems


@pytest.fixture(scope="module")
def publiccode() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def project_licence() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]["text"]


def test_publiccode_has_every_mandatory_key_but_those_not_known_yet(publiccode):
    missing = missing_keys(publiccode)
    assert missing == NOT_KNOWN_YET, (
        f"missing: {sorted(missing - NOT_KNOWN_YET)}; "
        f"present now, remove from NOT_KNOWN_YET and the comment in publiccode.yml: {sorted(NOT_KNOWN_YET - missing)}"
    )


def test_publiccode_values_are_allowed_and_the_licence_is_the_projects(publiccode, project_licence):
    assert invalid_values(publiccode, project_licence) == []
    assert publiccode["legal"]["license"] == "EUPL-1.2"


def test_the_check_notices_what_the_standard_forbids(publiccode, project_licence):
    broken = yaml.safe_load(yaml.safe_dump(publiccode))
    broken["description"]["nl"]["longDescription"] = "Te kort."
    broken["description"]["en"]["shortDescription"] = "x" * 151
    broken["categories"] = ["housing"]
    broken["developmentStatus"] = "alpha"
    broken["legal"]["license"] = "EUPL"
    broken["maintenance"] = {"type": "community"}
    del broken["localisation"]["availableLanguages"]
    problems = invalid_values(broken, project_licence)
    assert any("longDescription" in p for p in problems)
    assert any("shortDescription" in p for p in problems)
    assert "category 'housing' is not in the list" in problems
    assert "developmentStatus is not one of the allowed values" in problems
    assert "legal/license 'EUPL' is not an SPDX expression" in problems
    missing = missing_keys(broken)
    assert {"maintenance/contacts", "localisation/availableLanguages"} <= missing
    assert "maintenance/type" not in missing
