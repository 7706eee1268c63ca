// The case questions of "Plan my leave", "New request" and "Edit draft": show only the questions
// the chosen event needs, and refresh the result beside the form as answers change, keeping
// every answer. Without JavaScript the form's own buttons do the same.
//
// Driven by the form (no inline script, for the CSP):
//   data-live-preview       the form to drive
//   data-preview-url        where the partial result comes from (it carries ?partial=1)
//   data-target             the id of the element the result replaces
//   data-preview-as         optional: the button the refresh stands for, sent as name=1
//   data-quiet-fields       optional: names of fields whose changes do not refresh
// A GET form (the estimate) sends its answers in the query string and keeps them in the address
// bar; a POST form sends them in the body with its own CSRF token, so that sensitive answers
// never sit in a URL or a log. The server never saves on the preview call.
(function () {
  "use strict";

  function drive(form) {
    var target = document.getElementById(form.dataset.target);
    var quiet = (form.dataset.quietFields || "").split(" ");
    var viaPost = form.method.toLowerCase() === "post";
    var pending = null;

    function showQuestionsFor(event) {
      form.querySelectorAll("[data-shown-for]").forEach(function (group) {
        group.hidden = group.dataset.shownFor.split(" ").indexOf(event) === -1;
      });
    }

    function refresh() {
      var answers = new FormData(form);
      if (form.dataset.previewAs) { answers.set(form.dataset.previewAs, "1"); }
      var query = viaPost ? "" : new URLSearchParams(answers).toString();
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var sent = viaPost
        ? fetch(form.dataset.previewUrl, {
          method: "POST", body: answers, signal: pending.signal, credentials: "same-origin"
        })
        : fetch(form.dataset.previewUrl + "&" + query, {
          signal: pending.signal, credentials: "same-origin"
        });
      sent
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
        .then(function (html) {
          target.innerHTML = html;
          if (!viaPost) { history.replaceState(null, "", form.action + "?" + query); }
        })
        .catch(function () { /* the buttons still submit the whole page */ });
    }

    form.addEventListener("change", function (change) {
      if (change.target.name === "event") { showQuestionsFor(change.target.value); }
      if (quiet.indexOf(change.target.name) !== -1) { return; }
      if (form.elements.event_date.value) { refresh(); }
    });
    showQuestionsFor(form.elements.event.value);
  }

  document.querySelectorAll("form[data-live-preview]").forEach(drive);
}());
