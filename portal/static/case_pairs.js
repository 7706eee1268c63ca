// "Plan my leave", "New request" and "Edit draft": the event menu offers only the events that go
// with the chosen role (POLICY §2). Each event option names its roles in data-roles (from the
// domain's allowed pairs); without JavaScript every event is listed and the server refuses a
// pair that does not go together.
(function () {
  "use strict";

  function pair(form) {
    var role = form.elements.role;
    var event = form.elements.event;
    if (!role || !event) { return; }
    var options = Array.prototype.slice.call(event.options);

    function offer() {
      var chosen = event.value;
      var fits = options.filter(function (option) {
        return (option.dataset.roles || "").split(" ").indexOf(role.value) !== -1;
      });
      if (!fits.length) { return; }
      while (event.options.length) { event.remove(0); }
      fits.forEach(function (option) { event.add(option); });
      var kept = fits.some(function (option) { return option.value === chosen; });
      event.value = kept ? chosen : fits[0].value;
      if (!kept) { event.dispatchEvent(new Event("change", { bubbles: true })); }
    }

    role.addEventListener("change", offer);
    offer();
  }

  document.querySelectorAll("form[data-case-pairs]").forEach(pair);
}());
