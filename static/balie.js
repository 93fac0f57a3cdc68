// Balie's only script of its own. Everything works without it; it adds the session-timeout warning and
// tells the contrast switch what the device prefers. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  var warnBefore = 300; // seconds before either limit; the server's data-warn-before says exactly
  var expireGrace = 2; // seconds after a limit before the page reloads to show the sign-in page

  // --- session timeout warning ------------------------------------------------------------------
  // The server renders #session-timer with the seconds left until the idle and the absolute limit, and
  // sends X-Session-Idle-Left / X-Session-Absolute-Left on every htmx response, so the countdown always
  // follows the server, which is the one that enforces it.
  var idleAt = 0, absoluteAt = 0, ticking = null, expiring = false;

  function now() { return Date.now() / 1000; }

  function readTimer() {
    var el = document.getElementById("session-timer");
    if (!el) { stop(); return; }
    if (isFinite(Number(el.dataset.warnBefore))) { warnBefore = Number(el.dataset.warnBefore); }
    setDeadlines(Number(el.dataset.idleLeft), Number(el.dataset.absoluteLeft));
  }

  function setDeadlines(idleLeft, absoluteLeft) {
    if (!isFinite(idleLeft) || !isFinite(absoluteLeft)) { return; }
    idleAt = now() + idleLeft;
    absoluteAt = now() + absoluteLeft;
    if (!ticking) { ticking = setInterval(tick, 1000); }
    tick();
  }

  function stop() {
    if (ticking) { clearInterval(ticking); ticking = null; }
  }

  function format(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    s = s % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // The time left as a screen reader should say it: whole minutes (rounded up), then "1 minute", then
  // steps of ten seconds in the last half minute. The live region changes only when these words do.
  function inWords(box, seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    if (s > 60) { return box.dataset.leftMinutes.replace("{n}", String(Math.ceil(s / 60))); }
    if (s > 30) { return box.dataset.leftMinute; }
    return box.dataset.leftSeconds.replace("{n}", String(Math.max(10, Math.ceil(s / 10) * 10)));
  }

  // How the warning meets keyboard and screen-reader users:
  // - It is a bar at the top of the workspace, in the page's flow (views/layout.html), so it covers no
  //   button it asks the user to use ("Versturen", "Concept opslaan"); when it shows, it is scrolled into
  //   view, heading first, so that it is seen at 400 % zoom.
  // - It takes the focus, for either limit, like the GOV.UK timeout dialog: a screen reader then reads it
  //   at once, and the way to stay signed in is one Enter away (WCAG 2.2.1). For the idle limit the focus
  //   goes to "Blijf ingelogd"; the absolute limit cannot be extended, so it goes to the warning itself.
  //   Not in the middle of typing, though: the focus waits until the keys have paused (typingPause), so
  //   that no keystroke lands in the warning; what is typed stays in its field meanwhile.
  // - Escape closes it: the limit still comes (closing is not extending), and it stays closed on this
  //   page until the time left grows again. "Blijf ingelogd" hides it once the server has answered. Both
  //   give the focus back to where it was before, or to the page's main content, never to the body.
  // - The time left is said in words in a live region, filled a tick after the warning shows (a region
  //   that appears with its text already in it is not announced) and changed only when the words change;
  //   the countdown beside it ticks every second for the eyes only.
  var typingPause = 2; // seconds without a key before the warning takes the focus
  var lastKey = 0, focusBack = null;

  function tick() {
    var box = document.getElementById("session-warning");
    if (!box) { return; }
    var idleLeft = idleAt - now(), absoluteLeft = absoluteAt - now();
    var absoluteFirst = absoluteLeft <= idleLeft;
    var left = Math.min(idleLeft, absoluteLeft);
    if (left <= -expireGrace) {
      // The server has ended the session by now: reloading lands on the sign-in page with the reason.
      // Not at 0: the server rounds the seconds left down, and a reload before its limit would count
      // as activity and start the idle time again.
      if (!expiring) { expiring = true; stop(); window.location.reload(); }
      return;
    }
    if (left > warnBefore) {
      delete box.dataset.closed; // the time left grew: the next warning shows again
      if (!box.hidden) { hideWarning(box); }
      return;
    }
    if (box.dataset.closed) { return; }
    var live = box.querySelector(".session-left"), words = inWords(box, left);
    if (box.hidden) {
      live.textContent = "";
      box.hidden = false;
      box.dataset.takeFocus = "true"; // on the element: a page that htmx swaps in brings a new one
      saveDrafts(); // whatever is typed is safe before the session can end
    } else if (live.textContent !== words) {
      live.textContent = words;
    }
    box.querySelector(".session-idle").hidden = absoluteFirst;
    box.querySelector(".session-absolute").hidden = !absoluteFirst;
    box.querySelector(".session-stay").hidden = absoluteFirst;
    box.querySelector(".session-countdown").textContent = format(left);
    if (box.dataset.takeFocus && now() - lastKey >= typingPause) { takeFocus(box); }
  }

  function takeFocus(box) {
    delete box.dataset.takeFocus;
    var from = document.activeElement;
    focusBack = from && from !== document.body && !box.contains(from) ? from : null;
    var r = box.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) { box.scrollIntoView({ block: "start" }); }
    var stay = box.querySelector(".session-stay");
    (stay.hidden ? box : stay.querySelector("button")).focus({ preventScroll: true });
  }

  function hideWarning(box) {
    var hadFocus = box.contains(document.activeElement);
    box.hidden = true;
    delete box.dataset.takeFocus;
    box.querySelector(".session-left").textContent = "";
    if (!hadFocus) { return; }
    var to = focusBack && focusBack.isConnected ? focusBack : document.getElementById("main");
    focusBack = null;
    if (to) { to.focus(); }
  }

  document.addEventListener("keydown", function (e) {
    lastKey = now();
    var box = document.getElementById("session-warning");
    if (e.key !== "Escape" || e.defaultPrevented || !box || box.hidden) { return; }
    // Escape is for the warning only when it has the focus or is about to take it (typing paused it).
    if (!box.dataset.takeFocus && !box.contains(document.activeElement)) { return; }
    e.preventDefault();
    box.dataset.closed = "true";
    hideWarning(box);
  });

  // --- activity ---------------------------------------------------------------------------------------
  // The server restarts the idle time only for what the user does (handlers/session.go). Pages and forms
  // sent are the user's; an htmx request may also come from the page itself (a draft saved because the
  // warning showed, a retry): only one that a user's own event caused says so. Events the browser
  // makes for a user are trusted; the page's own (htmx.trigger) are not, unless they pass on a user's.
  document.addEventListener("htmx:configRequest", function (e) {
    var cause = e.detail && e.detail.triggeringEvent;
    if (cause && (cause.isTrusted || (cause.detail && cause.detail.byUser))) { e.detail.headers["X-User-Action"] = "true"; }
  });

  document.addEventListener("htmx:afterRequest", function (e) {
    var xhr = e.detail && e.detail.xhr;
    if (!xhr) { return; }
    var idle = xhr.getResponseHeader("X-Session-Idle-Left");
    var absolute = xhr.getResponseHeader("X-Session-Absolute-Left");
    if (idle !== null && absolute !== null) { setDeadlines(Number(idle), Number(absolute)); }
  });

  // --- high contrast --------------------------------------------------------------------------------
  // Until the user chooses, the device's prefers-contrast decides; the switch must then turn off what
  // the device turned on, so it is told what is showing now.
  function syncContrast() {
    var root = document.documentElement;
    var on = root.classList.contains("hc") ||
      (!root.classList.contains("no-hc") && window.matchMedia("(prefers-contrast: more)").matches);
    document.querySelectorAll("form.contrast-switch").forEach(function (form) {
      var field = form.querySelector("input[name=showing]");
      if (field) { field.value = on ? "1" : "0"; }
      var button = form.querySelector("button");
      if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
    });
  }

  // --- phone menu ---------------------------------------------------------------------------------------
  // details.menu-phone opens and closes by itself without a script; this closes it as a menu should:
  // on Escape (focus back on its button), when the keyboard moves on past it, and on a tap elsewhere.
  // Focus lost to nothing (a tap on plain text, another window) does not close it: Safari does not
  // focus a tapped button, and closing then would swallow the tap on "Uitloggen".
  function openMenuAround(el) {
    return (el && el.closest && el.closest("details.menu-phone[open]")) || null;
  }

  document.addEventListener("keydown", function (e) {
    var menu = e.key === "Escape" && openMenuAround(document.activeElement);
    if (!menu) { return; }
    menu.open = false;
    menu.querySelector("summary").focus();
  });
  document.addEventListener("focusout", function (e) {
    var menu = openMenuAround(e.target);
    if (menu && e.relatedTarget && !menu.contains(e.relatedTarget)) { menu.open = false; }
  });
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.menu-phone[open]").forEach(function (menu) {
      if (!menu.contains(e.target)) { menu.open = false; }
    });
  });

  // --- drafts ----------------------------------------------------------------------------------------
  // Forms marked data-autosave post themselves to /concept (htmx) a moment after typing stops. Each
  // save carries the time of the last change, so the server keeps the newest when saves cross. A save
  // that fails says so and is tried again; the text stays in the form meanwhile.
  // A save sent because the user typed restarts the idle time; one the page sends by itself (at the
  // warning, a retry) does not (see "activity" above).
  var saveAtOnceWithin = 5; // seconds before a limit: typing is saved at once, not after the pause

  function autosaveForms() { return document.querySelectorAll("form[data-autosave]"); }

  document.addEventListener("input", function (e) {
    lastKey = now(); // a phone's keyboard may send no keydown
    var form = e.target && e.target.closest && e.target.closest("form[data-autosave]");
    if (!form) { return; }
    var version = form.querySelector("input[name=versie]");
    if (version) { version.value = String(Date.now()); }
    // So close to a limit, the pause before the save could let the limit overtake the typing.
    if (ticking && window.htmx && Math.min(idleAt, absoluteAt) - now() < saveAtOnceWithin) {
      window.htmx.trigger(form, "autosave", { byUser: true });
    }
  });

  // Saves every form typed in since the page loaded (its version is set by typing); untouched forms
  // are left alone, so no empty draft appears.
  function saveDrafts() {
    autosaveForms().forEach(function (form) {
      var version = form.querySelector("input[name=versie]");
      if (window.htmx && version && version.value) { window.htmx.trigger(form, "autosave"); }
    });
  }

  // A save that did not arrive (no connection, a server error) is tried again in a while; one the
  // server refused (4xx) would be refused again, so it is only reported. A text too long to keep comes
  // back as a swapped message (413, see the htmx config), not as an error.
  function draftFailed(e, key, retry) {
    var form = e.detail && e.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-autosave]")) { return; }
    var status = form.querySelector(".draft-status");
    if (status) { status.textContent = form.dataset[key] || ""; }
    if (retry) {
      setTimeout(function () { if (window.htmx) { window.htmx.trigger(form, "autosave"); } }, 5000);
    }
  }
  document.addEventListener("htmx:sendError", function (e) { draftFailed(e, "offline", true); });
  document.addEventListener("htmx:responseError", function (e) {
    var status = e.detail && e.detail.xhr ? e.detail.xhr.status : 0;
    // 401 means the session ended: htmx follows HX-Redirect to the sign-in page; the last save stands.
    if (status === 401) { return; }
    draftFailed(e, "failed", status >= 500);
  });

  // --- questionnaires ---------------------------------------------------------------------------------
  // A follow-up question (data-enable-when, views/questionnaire.go) shows only while its conditions hold;
  // without JavaScript every question shows, saying when to answer it. A long answer counts its characters.
  function answerValues(root, field) {
    var box = document.getElementById(field + "-question");
    if (box && box.hidden) { return []; } // an answer to a question that does not apply counts as none
    var values = [];
    root.querySelectorAll("[name='" + field + "']").forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (el.value.trim() !== "") { values.push(el.value.trim()); }
    });
    return values;
  }
  function conditionHolds(root, c) {
    var values = answerValues(root, c.field);
    if (c.op === "exists") { return (values.length > 0) === (c.answer === "true"); }
    if (values.length === 0) { return false; }
    var order = function (v) {
      var a = c.number ? Number(v) : v, b = c.number ? Number(c.answer) : c.answer;
      return a < b ? -1 : (a > b ? 1 : 0);
    };
    if (c.op === "!=") { return values.every(function (v) { return order(v) !== 0; }); }
    return values.some(function (v) {
      var o = order(v);
      return { "=": o === 0, ">": o > 0, ">=": o >= 0, "<": o < 0, "<=": o <= 0 }[c.op] === true;
    });
  }
  // In the order of the page, so that a follow-up of a follow-up sees whether the one before applies.
  function applyConditions() {
    document.querySelectorAll("[data-enable-when]").forEach(function (box) {
      var rule;
      try { rule = JSON.parse(box.getAttribute("data-enable-when")); } catch (err) { return; }
      var root = box.closest("form") || document;
      var held = (rule.when || []).map(function (c) { return conditionHolds(root, c); });
      box.hidden = !(rule.any ? held.some(Boolean) : held.every(Boolean));
    });
  }
  function countChars(area) {
    var out = area && area.id && document.getElementById(area.id + "-count");
    if (out && out.dataset.template) { out.textContent = out.dataset.template.replace("{n}", String(area.value.length)); }
  }
  document.addEventListener("input", function (e) {
    if (e.target && e.target.matches && e.target.matches("textarea")) { countChars(e.target); }
  });
  document.addEventListener("change", applyConditions);
  document.addEventListener("input", applyConditions);
  function initQuestionnaires() {
    applyConditions();
    document.querySelectorAll("textarea").forEach(countChars);
  }

  // --- forms ------------------------------------------------------------------------------------------
  // A form that comes back with problems has an error summary above the page (views/form.html): focus
  // goes there, so that it is read out at once. Its links lead to the fields: the field itself gets the
  // focus, and its label comes into view with it.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("click", function (e) {
    var link = e.target && e.target.closest && e.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    e.preventDefault();
    var label = field.id && document.querySelector("label[for='" + field.id + "']");
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    (legend || label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });

  // A boosted page (a link, a form) is always shown, whatever its status: a refused form comes back with
  // its problems (422, 413), a missing page says so (404). Other htmx requests keep the configured
  // handling (layout.html), so that a failed autosave never puts a page into the form.
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail && e.detail.boosted) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });

  function init() { readTimer(); syncContrast(); focusErrorSummary(); initQuestionnaires(); }

  document.addEventListener("DOMContentLoaded", init);
  // Boosted navigation swaps the body: pick up the new page's timer and switches.
  document.addEventListener("htmx:afterSettle", function (e) {
    if (e.detail && e.detail.target === document.body) { init(); }
  });
})();
