// A long text field with a limit (data-maxlength; the portal checks it when the form is sent, with its own message):
// near the limit a line under the field says how many characters are left, over it how many too many. The browser
// never cuts the text: what was typed or pasted stays, to be shortened by the person. Screen readers hear the count
// once typing pauses, not at every key.
(function () {
  "use strict";

  var NEAR = 0.8;  // the count shows from 80% of the limit
  var SPEAK_AFTER_MS = 1000;
  var FIELDS = "textarea[data-maxlength]";
  var timers = new WeakMap();  // per field: the pending announcement

  function used(field) {
    return Array.from(field.value.trim()).length;  // characters as the portal counts them (line breaks as one)
  }

  function tekens(n) {
    return n + (n === 1 ? " teken" : " tekens");
  }

  function message(count, limit) {
    if (count > limit) {
      return tekens(count - limit) + " te veel (" + count + " van " + limit + "). Kort de tekst in; er is niets weggehaald.";
    }
    return "Nog " + tekens(limit - count) + " over (" + count + " van " + limit + ").";
  }

  function parts(field) {
    var shown = document.getElementById(field.id + "-teller");
    if (!shown) {
      shown = document.createElement("p");
      shown.id = field.id + "-teller";
      shown.className = "text-count";
      shown.setAttribute("aria-hidden", "true");
      var spoken = document.createElement("p");
      spoken.id = field.id + "-teller-status";
      spoken.className = "visually-hidden";
      spoken.setAttribute("role", "status");
      field.insertAdjacentElement("afterend", shown);
      shown.insertAdjacentElement("afterend", spoken);
    }
    return {shown: shown, spoken: document.getElementById(field.id + "-teller-status")};
  }

  function update(field, speak) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!limit || !field.id) return;
    var count = used(field);
    var near = count >= limit * NEAR;
    var text = near ? message(count, limit) : "";
    var counter = parts(field);
    counter.shown.textContent = text;
    counter.shown.hidden = !near;
    counter.shown.classList.toggle("text-count--over", count > limit);
    window.clearTimeout(timers.get(field));
    if (speak) {
      timers.set(field, window.setTimeout(function () { counter.spoken.textContent = text; }, SPEAK_AFTER_MS));
    }
  }

  function setUp(root) {
    if (root.matches && root.matches(FIELDS)) update(root, false);
    if (root.querySelectorAll) root.querySelectorAll(FIELDS).forEach(function (field) { update(field, false); });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches(FIELDS)) update(event.target, true);
  });
  document.addEventListener("htmx:load", function (event) { setUp(event.detail.elt); });
  setUp(document);
})();
