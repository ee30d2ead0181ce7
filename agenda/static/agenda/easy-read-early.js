/* Easy read, remembered on this device (no account): read before the first
   paint so the easy-read summary is there from the start, without a shift. */
try {
  if (window.localStorage.getItem("safespace.easyRead") === "1") {
    document.documentElement.classList.add("easy-read-chosen");
  }
} catch (e) { /* storage blocked: the ?easy=1 link still works */ }
