// Passkeys (WebAuthn). A button with data-passkey="register", "authenticate" or "signin" and the URLs
// data-begin and data-finish runs one ceremony: the server's options (JSON, binary fields as base64url)
// go to navigator.credentials.create or get, the authenticator's answer goes back as JSON, and the page
// follows the server's redirect. Messages come from the page (the data attributes of the
// [data-passkey-error] element next to the button): this script has no words of its own.
// Passkey buttons and blocks ([data-passkey-only]) are hidden until this script finds WebAuthn, so a
// browser without it (or without JavaScript) shows only what works there.
(function () {
  "use strict";

  if (!window.PublicKeyCredential || !navigator.credentials || !window.fetch) { return; }

  // --- base64url ↔ ArrayBuffer ---------------------------------------------------------------------
  function toBuffer(text) {
    var b64 = String(text).replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer), bin = "";
    for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // --- options in, credential out ------------------------------------------------------------------
  function creationOptions(options) {
    var pk = options.publicKey;
    pk.challenge = toBuffer(pk.challenge);
    pk.user.id = toBuffer(pk.user.id);
    (pk.excludeCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
    return { publicKey: pk };
  }

  function requestOptions(options) {
    var pk = options.publicKey;
    pk.challenge = toBuffer(pk.challenge);
    (pk.allowCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
    return { publicKey: pk };
  }

  function credentialJSON(cred) {
    var r = cred.response;
    var out = {
      id: cred.id,
      rawId: toText(cred.rawId),
      type: cred.type,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
      response: { clientDataJSON: toText(r.clientDataJSON) }
    };
    if (cred.authenticatorAttachment) { out.authenticatorAttachment = cred.authenticatorAttachment; }
    if (r.attestationObject) { // a new passkey
      out.response.attestationObject = toText(r.attestationObject);
      if (r.getTransports) { out.response.transports = r.getTransports(); }
    } else { // a signature
      out.response.authenticatorData = toText(r.authenticatorData);
      out.response.signature = toText(r.signature);
      if (r.userHandle) { out.response.userHandle = toText(r.userHandle); }
    }
    return out;
  }

  // --- talking to the server -----------------------------------------------------------------------
  var never = new Promise(function () {});

  // post sends JSON to the same origin and resolves to the answer with .ok. When the server sends the
  // browser elsewhere instead (the session ended), the page goes there.
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (res) {
      if (res.redirected) { window.location.assign(res.url); return never; }
      return res.json().catch(function () { return {}; }).then(function (answer) {
        answer.ok = res.ok;
        return answer;
      });
    });
  }

  // ServerAnswer is a refusal the server explained.
  function ServerAnswer(answer) { this.answer = answer; }

  function errorBox(button) {
    return button.parentElement && button.parentElement.querySelector("[data-passkey-error]");
  }

  function showError(box, error) {
    if (!box) { return; }
    var text;
    if (error instanceof ServerAnswer) {
      text = error.answer.error || box.dataset.failed;
    } else if (error && (error.name === "NotAllowedError" || error.name === "AbortError")) {
      text = box.dataset.cancelled; // closed, refused or timed out
    } else if (error && error.name === "InvalidStateError") {
      text = box.dataset.exists; // this authenticator has a passkey for the account already
    } else {
      text = box.dataset.failed;
    }
    box.textContent = text || "";
    box.hidden = !text;
  }

  function run(button) {
    var kind = button.dataset.passkey, box = errorBox(button);
    if (box) { box.hidden = true; box.textContent = ""; }
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    post(button.dataset.begin).then(function (options) {
      if (!options.ok) { throw new ServerAnswer(options); }
      return kind === "register" ?
        navigator.credentials.create(creationOptions(options)) :
        navigator.credentials.get(requestOptions(options));
    }).then(function (cred) {
      return post(button.dataset.finish, credentialJSON(cred));
    }).then(function (answer) {
      if (!answer.ok || !answer.redirect) { throw new ServerAnswer(answer); }
      window.location.assign(answer.redirect);
    }).catch(function (error) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      showError(box, error);
      if (error instanceof ServerAnswer && error.answer.redirect) {
        window.location.assign(error.answer.redirect); // this sign-in is over: start again
      }
    });
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[data-passkey]");
    if (!button || button.disabled) { return; }
    e.preventDefault();
    run(button);
  });

  // --- show what works here ------------------------------------------------------------------------
  function reveal() {
    document.querySelectorAll("[data-passkey-only], button[data-passkey]").forEach(function (el) {
      el.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", reveal);
  // Boosted navigation swaps the body: show the new page's passkey buttons too.
  document.addEventListener("htmx:afterSettle", reveal);
})();
