// Decisions that cannot be undone ask once more (issue 14). A form with data-confirm (the
// question), data-confirm-yes and data-confirm-no (the two answers) opens a native modal
// <dialog> when it is sent: focus starts on the safe answer ("Go back"), Tab moves between the
// two answers and stays in the dialog, Escape or "Go back" closes it and nothing is sent; the
// other answer sends the form, with the button that was pressed. Served from this site (CSP).
(function () {
  "use strict";
  var count = 0;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-confirm]") || form.dataset.confirmed === "yes" ||
        typeof HTMLDialogElement !== "function") {
      return;
    }
    event.preventDefault();
    var submitter = event.submitter || null;
    count += 1;
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-question-" + count);
    var question = document.createElement("p");
    question.id = "confirm-question-" + count;
    question.className = "mb-3";
    question.textContent = form.dataset.confirm;
    var answers = document.createElement("div");
    answers.className = "d-flex flex-wrap gap-2";
    var yes = document.createElement("button");
    yes.type = "button";
    yes.className = "btn btn-primary";
    yes.textContent = form.dataset.confirmYes;
    var no = document.createElement("button");
    no.type = "button";
    no.className = "btn btn-outline-secondary";
    no.textContent = form.dataset.confirmNo;
    answers.append(yes, no);
    dialog.append(question, answers);
    yes.addEventListener("click", function () {
      form.dataset.confirmed = "yes";
      dialog.close();
      if (submitter && form.requestSubmit) {
        form.requestSubmit(submitter);
      } else {
        form.submit();
      }
    });
    no.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      dialog.remove();
      if (form.dataset.confirmed !== "yes" && submitter) { submitter.focus(); }
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
})();
