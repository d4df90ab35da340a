// The region's phase form: choosing another phase than the current one sets its start date to today (the date stays
// visible and can be changed); going back to the current phase brings back that phase's own start date. A date the
// person typed is left alone.
(function () {
  "use strict";

  document.querySelectorAll("select[data-current-phase]").forEach(function (select) {
    var date = select.form && select.form.querySelector("input[data-phase-start]");
    if (!date) return;
    var current = select.getAttribute("data-current-phase");
    var startedOn = date.getAttribute("data-started-on");
    var today = date.getAttribute("max");
    var shown = date.value;  // the date as the page or this script last set it

    select.addEventListener("change", function () {
      if (date.value !== shown) return;  // typed by the person: theirs
      shown = date.value = select.value === current ? startedOn : today;
    });
  });
})();
