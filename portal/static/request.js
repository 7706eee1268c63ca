// "New request" and "Edit draft": show only the questions the chosen event needs, and refresh
// the preview of the leave as answers change, keeping every answer. The preview is fetched with
// a POST (the form's own CSRF token) so that sensitive answers never sit in a URL or a log; the
// server never saves on that call. Without JavaScript, "Show my leave" does the same.
(function () {
  "use strict";
  var form = document.getElementById("request-form");
  if (!form) { return; }
  var target = document.getElementById(form.dataset.target);
  var pending = null;

  function showQuestionsFor(event) {
    form.querySelectorAll("[data-shown-for]").forEach(function (group) {
      group.hidden = group.dataset.shownFor.split(" ").indexOf(event) === -1;
    });
  }

  function refresh() {
    var answers = new FormData(form);
    answers.set("preview", "1");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(form.dataset.previewUrl, {
      method: "POST", body: answers, signal: pending.signal, credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
      .then(function (html) { target.innerHTML = html; })
      .catch(function () { /* the buttons still submit the whole page */ });
  }

  form.addEventListener("change", function (change) {
    if (change.target.name === "event") { showQuestionsFor(change.target.value); }
    if (change.target.name === "note_to_hr") { return; }
    if (form.elements.event_date.value) { refresh(); }
  });
  showQuestionsFor(form.elements.event.value);
}());
