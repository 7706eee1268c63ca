// "Plan my leave": show only the questions the chosen event needs, and refresh the estimate
// as answers change, keeping every answer. Without JavaScript the form still works.
(function () {
  "use strict";
  var form = document.getElementById("plan-form");
  if (!form) { return; }
  var target = document.getElementById(form.dataset.target);
  var pending = null;

  function showQuestionsFor(event) {
    form.querySelectorAll("[data-shown-for]").forEach(function (group) {
      group.hidden = group.dataset.shownFor.split(" ").indexOf(event) === -1;
    });
  }

  function refresh() {
    var query = new URLSearchParams(new FormData(form)).toString();
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(form.dataset.partialUrl + "&" + query, {signal: pending.signal, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
      .then(function (html) {
        target.innerHTML = html;
        history.replaceState(null, "", form.action + "?" + query);
      })
      .catch(function () { /* the button still submits the whole page */ });
  }

  form.addEventListener("change", function (change) {
    if (change.target.name === "event") { showQuestionsFor(change.target.value); }
    if (form.elements.event_date.value) { refresh(); }
  });
  showQuestionsFor(form.elements.event.value);
}());
