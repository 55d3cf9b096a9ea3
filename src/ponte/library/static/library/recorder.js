// Record a pill in the browser: camera or microphone → MediaRecorder → the form's file field.
// Progressive enhancement: without MediaRecorder the recorder stays hidden and the file field
// works as usual. The take is put into the file field as a File, so the server checks it like
// any upload. Messages come from data-msg-* attributes, already translated by the template.
(function () {
  "use strict";

  var VIDEO_TYPES = ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4"];
  var AUDIO_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/mp4"];

  function supported() {
    return Boolean(
      window.MediaRecorder &&
        navigator.mediaDevices &&
        navigator.mediaDevices.getUserMedia &&
        window.DataTransfer
    );
  }

  function pickType(candidates) {
    if (typeof MediaRecorder.isTypeSupported !== "function") {
      return "";
    }
    for (var i = 0; i < candidates.length; i += 1) {
      if (MediaRecorder.isTypeSupported(candidates[i])) {
        return candidates[i];
      }
    }
    return "";
  }

  function extensionFor(type) {
    var base = (type || "").split(";")[0];
    if (base === "video/mp4") {
      return "mp4";
    }
    if (base === "audio/mp4") {
      return "m4a";
    }
    if (base === "audio/ogg") {
      return "ogg";
    }
    return "webm";
  }

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function setUp(root) {
    var input = document.getElementById(root.getAttribute("data-input"));
    if (!input) {
      return;
    }
    var maxSeconds = parseInt(root.getAttribute("data-max-seconds"), 10) || 600;
    var startButtons = root.querySelectorAll("[data-record]");
    var stopButton = root.querySelector("[data-stop]");
    var preview = root.querySelector("[data-preview]");
    var elapsed = root.querySelector("[data-elapsed]");
    var clockText = root.querySelector("[data-clock]");
    var review = root.querySelector("[data-review]");
    var playbackVideo = root.querySelector("[data-playback-video]");
    var playbackAudio = root.querySelector("[data-playback-audio]");
    var acceptButton = root.querySelector("[data-accept]");
    var againButton = root.querySelector("[data-again]");
    var status = root.querySelector("[data-status]");
    var errorBox = root.querySelector("[data-error]");
    var accepted = root.querySelector("[data-accepted]");

    var state = {
      stream: null,
      recorder: null,
      chunks: [],
      timer: null,
      seconds: 0,
      blob: null,
      url: "",
      kind: "",
      type: ""
    };

    function message(name) {
      return root.getAttribute("data-msg-" + name) || "";
    }

    function announce(text) {
      status.textContent = text;
    }

    function showError(text) {
      errorBox.textContent = text;
      errorBox.hidden = !text;
    }

    function setButtons(recording) {
      for (var i = 0; i < startButtons.length; i += 1) {
        startButtons[i].hidden = recording;
        startButtons[i].disabled = recording;
      }
      stopButton.hidden = !recording;
    }

    function stopStream() {
      if (state.stream) {
        state.stream.getTracks().forEach(function (track) {
          track.stop();
        });
      }
      state.stream = null;
      preview.srcObject = null;
      preview.hidden = true;
    }

    function clearTake() {
      if (state.url) {
        URL.revokeObjectURL(state.url);
      }
      state.url = "";
      state.blob = null;
      playbackVideo.removeAttribute("src");
      playbackAudio.removeAttribute("src");
      playbackVideo.hidden = true;
      playbackAudio.hidden = true;
      review.hidden = true;
      accepted.hidden = true;
    }

    function tick() {
      state.seconds += 1;
      clockText.textContent = clock(state.seconds);
      if (state.seconds % 60 === 0) {
        announce(message("minute").replace("%(minutes)s", String(state.seconds / 60)));
      }
      if (state.seconds >= maxSeconds) {
        announce(message("limit"));
        stop();
      }
    }

    function failed(error) {
      stopStream();
      setButtons(false);
      var name = error && error.name;
      if (name === "NotAllowedError" || name === "SecurityError") {
        showError(message("denied"));
      } else if (name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError") {
        showError(message("no-device"));
      } else if (name === "NotSupportedError" || name === "TypeError") {
        showError(message("unsupported"));
      } else {
        showError(message("failed"));
      }
    }

    function finished() {
      window.clearInterval(state.timer);
      state.timer = null;
      var type = (state.recorder && state.recorder.mimeType) || state.type;
      state.blob = new Blob(state.chunks, { type: type.split(";")[0] });
      state.chunks = [];
      state.recorder = null;
      stopStream();
      setButtons(false);
      elapsed.hidden = true;
      if (!state.blob.size) {
        showError(message("failed"));
        return;
      }
      state.url = URL.createObjectURL(state.blob);
      var player = state.kind === "audio" ? playbackAudio : playbackVideo;
      player.src = state.url;
      player.hidden = false;
      review.hidden = false;
      announce(message("stopped"));
      acceptButton.focus();
    }

    function start(kind) {
      showError("");
      clearTake();
      var constraints = kind === "audio" ? { audio: true } : { audio: true, video: { facingMode: "user" } };
      navigator.mediaDevices.getUserMedia(constraints).then(function (stream) {
        var type = pickType(kind === "audio" ? AUDIO_TYPES : VIDEO_TYPES);
        var recorder;
        try {
          recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
        } catch (error) {
          stream.getTracks().forEach(function (track) {
            track.stop();
          });
          failed(error);
          return;
        }
        state.stream = stream;
        state.recorder = recorder;
        state.kind = kind;
        state.type = type || (kind === "audio" ? "audio/webm" : "video/webm");
        state.chunks = [];
        state.seconds = 0;
        recorder.addEventListener("dataavailable", function (event) {
          if (event.data && event.data.size) {
            state.chunks.push(event.data);
          }
        });
        recorder.addEventListener("stop", finished);
        recorder.addEventListener("error", function (event) {
          failed(event.error);
        });
        if (kind === "video") {
          preview.srcObject = stream;
          preview.hidden = false;
          var playing = preview.play();
          if (playing && playing.catch) {
            playing.catch(function () {});
          }
        }
        clockText.textContent = clock(0);
        elapsed.hidden = false;
        setButtons(true);
        // A chunk every second: a tab closed mid-take still has most of it to offer.
        recorder.start(1000);
        state.timer = window.setInterval(tick, 1000);
        announce(message("started"));
        stopButton.focus();
      }, failed);
    }

    function stop() {
      if (state.recorder && state.recorder.state !== "inactive") {
        state.recorder.stop();
      }
    }

    function accept() {
      if (!state.blob) {
        return;
      }
      var name = "recording." + extensionFor(state.blob.type);
      var file = new File([state.blob], name, { type: state.blob.type });
      try {
        var transfer = new DataTransfer();
        transfer.items.add(file);
        input.files = transfer.files;
      } catch (error) {
        showError(message("unsupported"));
        return;
      }
      input.dispatchEvent(new Event("change", { bubbles: true }));
      accepted.textContent = message("accepted");
      accepted.hidden = false;
      announce(message("accepted"));
    }

    function again() {
      input.value = "";
      clearTake();
      start(state.kind || "video");
    }

    for (var i = 0; i < startButtons.length; i += 1) {
      startButtons[i].addEventListener("click", function (event) {
        start(event.currentTarget.getAttribute("data-record"));
      });
    }
    stopButton.addEventListener("click", stop);
    acceptButton.addEventListener("click", accept);
    againButton.addEventListener("click", again);
    // A file chosen by hand replaces the take: the two never travel together.
    input.addEventListener("change", function () {
      if (state.blob && input.files && input.files.length && input.files[0].name.indexOf("recording.") !== 0) {
        clearTake();
      }
    });
    window.addEventListener("pagehide", function () {
      stop();
      stopStream();
    });
    root.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!supported()) {
      return;
    }
    var recorders = document.querySelectorAll("[data-recorder]");
    for (var i = 0; i < recorders.length; i += 1) {
      setUp(recorders[i]);
    }
  });
})();
