// A change sent with htmx that the portal did not save is never silent: a message at the foot of the screen says
// so (screen readers read it out), and a checkbox that was just ticked goes back to how it was saved.
(function () {
  "use strict";

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

  document.addEventListener("htmx:responseError", function (event) {
    var detail = event.detail;
    var status = detail.xhr ? detail.xhr.status : 0;
    if (sent(detail)) {
      undoTick(detail);
      show("Niet opgeslagen: " + problem(status));
    } else {
      show("Niet bijgewerkt: " + problem(status));
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    var detail = event.detail;
    if (sent(detail)) {
      undoTick(detail);
      show("Niet opgeslagen: er is geen verbinding met het portaal. Controleer de internetverbinding en probeer het opnieuw.");
    } else {
      show("Niet bijgewerkt: er is geen verbinding met het portaal. Controleer de internetverbinding.");
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var box = banner();
    if (box && event.detail.successful) box.hidden = true;
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".htmx-fout__sluiten")) banner().hidden = true;
  });
})();
