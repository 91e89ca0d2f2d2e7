// Keeps the river's first page current: each story that gains reports moves to the top.
// The page is complete without this script; it only adds what arrives after it was read.
(() => {
  "use strict";
  const list = document.querySelector("ol.river[data-live]");
  const status = document.getElementById("live-status");
  if (!list || !status || !("EventSource" in window)) return;
  const shown = list.children.length || 50;
  const source = new EventSource("/api/events?after=" + encodeURIComponent(status.dataset.after || ""));
  let updated = 0;
  const say = (text) => { status.textContent = text; };
  source.addEventListener("story", (event) => {
    const { id, html } = JSON.parse(event.data);
    document.getElementById("story-" + id)?.remove();
    list.insertAdjacentHTML("afterbegin", html);
    list.firstElementChild?.classList.add("fresh");
    while (list.children.length > Math.max(shown, 50)) list.lastElementChild.remove();
    updated += 1;
    say(updated === 1 ? "1 story updated since this page was opened."
                      : updated + " stories updated since this page was opened.");
  });
  source.addEventListener("merged", (event) => {
    document.getElementById("story-" + JSON.parse(event.data).id)?.remove();
  });
  source.addEventListener("open", () => {
    if (updated === 0) say("Live: new reports appear here as they arrive.");
  });
  source.addEventListener("error", () => say("Live updates paused; reconnecting…"));
})();
