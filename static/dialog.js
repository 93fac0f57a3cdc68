// A page opened in a dialog over a list: an appointment of the agenda (/afspraken and its weeks), a
// report of the dossier. Without this script such a link (a[data-dialog], inside an element that brings
// the close button's label in data-dialog-close) opens its page; with it, the same page's content opens
// in a native <dialog> over the list: it closes with its × button, Escape or a click beside it, and the
// focus goes back to the link.
(function () {
  "use strict";

  var opener = null;

  // The page's dialog, made on first use: the page brings the label of its close button.
  function dialogFor(host) {
    var dialog = document.getElementById("page-dialog");
    if (dialog) { return dialog; }
    dialog = document.createElement("dialog");
    dialog.id = "page-dialog";
    dialog.className = "page-dialog";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "dialog-close";
    var cross = document.createElement("span"), label = document.createElement("span");
    cross.setAttribute("aria-hidden", "true");
    cross.textContent = "×";
    label.className = "visually-hidden";
    label.textContent = host.dataset.dialogClose;
    close.append(cross, label);
    close.addEventListener("click", function () { dialog.close(); });
    var body = document.createElement("div");
    body.className = "dialog-body";
    dialog.append(close, body);
    // The dialog's box is its body (no padding of its own): a click on the dialog itself is beside it.
    dialog.addEventListener("click", function (e) { if (e.target === dialog) { dialog.close(); } });
    dialog.addEventListener("close", function () {
      if (opener && opener.isConnected) { opener.focus(); }
      opener = null;
    });
    document.body.append(dialog);
    return dialog;
  }

  document.addEventListener("click", function (e) {
    var link = e.target && e.target.closest && e.target.closest("a[data-dialog]");
    var host = link && link.closest("[data-dialog-close]");
    if (!link || !host || !e.isTrusted || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) { return; }
    if (!window.htmx || typeof HTMLDialogElement !== "function") { return; } // the link opens the page
    e.preventDefault();
    var dialog = dialogFor(host), body = dialog.querySelector(".dialog-body"), href = link.getAttribute("href");
    body.replaceChildren();
    opener = link;
    var page = function () { window.location.assign(href); };
    // A user's click: the request counts as activity (balie.js, handlers/session.go).
    window.htmx.ajax("GET", href, { target: body, swap: "innerHTML", headers: { "X-User-Action": "true" } }).then(function () {
      var title = body.querySelector("h1");
      if (!title) { page(); return; } // not found or failed: the page says why
      dialog.setAttribute("aria-labelledby", title.id);
      if (!dialog.open) { dialog.showModal(); }
    }, page);
  });
})();
