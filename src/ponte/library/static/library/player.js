// The transcript beside a pill's player: a line plays the pill from its time, and the line being
// played is marked (aria-current, bold and a ▶ from the stylesheet). Without this file the
// transcript is still there to read.
(function () {
  "use strict";

  function setUp(list) {
    var player = document.getElementById(list.getAttribute("data-player"));
    if (!player) {
      return;
    }
    var cues = Array.prototype.slice.call(list.querySelectorAll("button.cue"));
    var current = null;

    function mark(cue) {
      if (cue === current) {
        return;
      }
      if (current) {
        current.removeAttribute("aria-current");
      }
      current = cue;
      if (!cue) {
        return;
      }
      cue.setAttribute("aria-current", "true");
      // Keep the line in view inside the transcript's own scroll box (positioned, so it is the
      // cue's offsetParent), without moving the page.
      var top = cue.offsetTop;
      if (top < list.scrollTop || top + cue.offsetHeight > list.scrollTop + list.clientHeight) {
        list.scrollTop = Math.max(0, top - list.clientHeight / 3);
      }
    }

    function cueAt(seconds) {
      for (var i = 0; i < cues.length; i += 1) {
        var start = parseFloat(cues[i].getAttribute("data-start"));
        var end = parseFloat(cues[i].getAttribute("data-end"));
        if (seconds >= start && seconds < end) {
          return cues[i];
        }
      }
      return null;
    }

    list.addEventListener("click", function (event) {
      var cue = event.target.closest("button.cue");
      if (!cue) {
        return;
      }
      player.currentTime = parseFloat(cue.getAttribute("data-start")) || 0;
      mark(cue);
      var playing = player.play();
      if (playing && playing.catch) {
        playing.catch(function () {
          // The browser refused to start playing (no user gesture it accepts): the time is set.
        });
      }
    });

    player.addEventListener("timeupdate", function () {
      mark(cueAt(player.currentTime));
    });
    player.addEventListener("seeked", function () {
      mark(cueAt(player.currentTime));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".transcript__list[data-player]"), setUp);
  });
})();
