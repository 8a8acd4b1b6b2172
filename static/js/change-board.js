// Drag and drop on the triage board: an enhancement over the move up / down buttons, which keep
// working without JavaScript. A drop posts the new position to the card's own move URL.
(function () {
  "use strict";
  var board = document.querySelector("[data-sortable]");
  var csrf = document.querySelector("#board-csrf input[name=csrfmiddlewaretoken]");
  if (!board || !csrf) { return; }
  var dragged = null;

  function cards() { return Array.prototype.slice.call(board.querySelectorAll("[data-move-url]")); }

  board.addEventListener("dragstart", function (event) {
    dragged = event.target.closest("[data-move-url]");
    if (!dragged) { return; }
    dragged.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
  });
  board.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("is-dragging"); }
    cards().forEach(function (card) { card.classList.remove("is-drop-target"); });
    dragged = null;
  });
  board.addEventListener("dragover", function (event) {
    var target = event.target.closest("[data-move-url]");
    if (!dragged || !target) { return; }
    event.preventDefault();
    cards().forEach(function (card) { card.classList.toggle("is-drop-target", card === target); });
  });
  board.addEventListener("drop", function (event) {
    var target = event.target.closest("[data-move-url]");
    if (!dragged || !target || target === dragged) { return; }
    event.preventDefault();
    // The board shows one page of the backlog: positions count from the page's first card.
    var position = Number(board.getAttribute("data-first-position") || 1) + cards().indexOf(target);
    var body = new URLSearchParams({ position: String(position) });
    fetch(dragged.getAttribute("data-move-url"), {
      method: "POST",
      headers: { "X-CSRFToken": csrf.value, "Accept": "application/json" },
      body: body,
      credentials: "same-origin"
    }).then(function () { window.location.reload(); });
  });
})();
