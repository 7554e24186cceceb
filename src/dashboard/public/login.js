// The sign-in page (inlined into login.html by the server, allowed by its hash in the CSP). It takes
// the token from the link's #token=… (a fragment never reaches a server, a log or a Referer), strips
// it from the address bar at once, and exchanges it for a session cookie the page cannot read.
'use strict';
(function () {
  const form = document.getElementById('login');
  const status = document.getElementById('status');
  // The token in the link, taken out of the address bar (and so history and bookmarks) at once.
  function tokenFromLink() {
    const m = /(?:^#|&)token=([^&]*)/.exec(location.hash);
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
    return m ? decodeURIComponent(m[1]) : null;
  }

  async function signIn(token) {
    status.textContent = 'Signing in…';
    try {
      const res = await fetch('/api/session', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }),
      });
      if (res.ok) {
        location.replace('/');
        return;
      }
      const body = await res.json().catch(() => null);
      status.textContent = (body && body.error && body.error.message) || `Sign-in failed (HTTP ${res.status})`;
    } catch (err) {
      status.textContent = `Sign-in failed: ${err.message}`;
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void signIn(form.elements.token.value.trim());
  });
  // A link pasted into this tab again changes only the fragment: no reload, so listen for it.
  const fromLink = () => {
    const token = tokenFromLink();
    if (token !== null) void signIn(token);
  };
  window.addEventListener('hashchange', fromLink);
  fromLink();
})();
