// A change sent with htmx that the portal did not save is never silent: a message at the foot of the screen says
// so (screen readers read it out), and a checkbox that was just ticked goes back to how it was saved. Text typed
// into a form that the portal sends to the login page first (the session ran out) is kept in this tab and put back
// into the same form when the page comes back, to be saved again. A change that was saved while the answer to it
// failed is reported as saved: nothing is undone, and the page is reloaded (htmx does that, told by the portal) with
// text typed elsewhere on it and not yet saved put back.
(function () {
  "use strict";

  var KEPT = "wonen-eerst:niet-opgeslagen";

  function banner() {
    return document.getElementById("htmx-fout");
  }

  function show(text) {
    var box = banner();
    if (!box) return;
    box.hidden = false;
    box.querySelector(".htmx-fout__tekst").textContent = text;  // after unhiding, so the alert is read out
  }

  function sent(detail) {
    return ((detail.requestConfig && detail.requestConfig.verb) || "get").toLowerCase() !== "get";
  }

  function undoTick(detail) {
    var source = detail.elt;
    var box = source && (source.matches("input[type=checkbox]") ? source : source.querySelector("input[type=checkbox]"));
    if (box) box.checked = !box.checked;
  }

  function problem(status) {
    if (status === 403) return "je mag dit niet (meer) wijzigen, of de pagina is verlopen. Laad de pagina opnieuw.";
    if (status === 404) return "dit onderdeel bestaat niet meer. Laad de pagina opnieuw.";
    if (status >= 500) return "er ging iets mis aan de kant van het portaal. Probeer het over een paar minuten opnieuw.";
    return "het portaal kon dit verzoek niet verwerken (foutcode " + status + "). Laad de pagina opnieuw.";
  }

  function failed(detail, why) {
    if (sent(detail)) undoTick(detail);
    show((sent(detail) ? "Niet opgeslagen: " : "Niet bijgewerkt: ") + why);
  }

  document.addEventListener("htmx:responseError", function (event) {
    failed(event.detail, problem(event.detail.xhr ? event.detail.xhr.status : 0));
  });

  document.addEventListener("htmx:sendError", function (event) {
    failed(event.detail, "er is geen verbinding met het portaal. Controleer de internetverbinding en probeer het opnieuw.");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var box = banner();
    if (box && event.detail.successful) box.hidden = true;
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".htmx-fout__sluiten")) banner().hidden = true;
  });

  // The text fields of a form that hold text (all of them), or only those changed since the page came (changed).
  function typedFields(form, changed) {
    var fields = {};
    form.querySelectorAll("textarea, input[type=text], input[type=url]").forEach(function (field) {
      if (field.name && field.value && (!changed || field.value !== field.defaultValue)) fields[field.name] = field.value;
    });
    return Object.keys(fields).length ? {action: form.getAttribute("action"), fields: fields} : null;
  }

  function keep(entries) {
    entries = entries.filter(Boolean);
    if (entries.length === 0) return;
    try {
      sessionStorage.setItem(KEPT, JSON.stringify(entries));
    } catch (error) { /* storage off: nothing to keep */ }
  }

  // Sent away (HX-Redirect) before the text was saved: keep it for when this tab comes back to the form.
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    var form = event.detail.elt && event.detail.elt.closest("form");
    if (!form || !xhr || !xhr.getResponseHeader("HX-Redirect")) return;
    keep([typedFields(form, false)]);
  });

  // Saved, but the answer failed: the portal triggers this event and htmx then reloads the page. What was sent
  // stays as it is; text typed into the page's other forms and not saved yet comes back after the reload.
  document.addEventListener("wonen-eerst:opgeslagen-na-fout", function (event) {
    var sentForm = event.target.closest && event.target.closest("form");
    keep(Array.prototype.map.call(document.forms, function (form) {
      return form === sentForm ? null : typedFields(form, true);
    }));
    show("Opgeslagen; de pagina wordt ververst.");
  });

  function formFor(entry) {
    var names = Object.keys(entry.fields);
    var form = Array.prototype.find.call(document.forms, function (candidate) {
      return candidate.getAttribute("action") === entry.action && names.every(function (name) {
        return candidate.elements.namedItem(name);
      });
    });
    if (!form) return null;
    names.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && "value" in field) field.value = entry.fields[name];
    });
    var details = form.closest("details");
    if (details) details.open = true;
    return form;
  }

  function putBack() {
    var kept;
    try {
      kept = JSON.parse(sessionStorage.getItem(KEPT) || "null");
    } catch (error) { return; }
    if (!kept) return;
    var entries = [].concat(kept);
    var left = entries.filter(function (entry) { return !formFor(entry); });
    if (left.length === entries.length) return;  // not this page (yet): the login page comes first
    sessionStorage.removeItem(KEPT);
    keep(left);
    show("Je tekst was nog niet opgeslagen en staat weer in het formulier. Sla hem opnieuw op.");
  }

  putBack();
})();
