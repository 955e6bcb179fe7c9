/* Small progressive enhancements for every page; everything works without them.
   Wide tables sit in <div class="scroll">: when one is wider than the screen it gets a hint
   that it scrolls sideways. */
(function () {
  "use strict";
  function hintScrolling() {
    document.querySelectorAll("div.scroll").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 2;
      box.classList.toggle("can-scroll", wide);
      var hint = box.previousElementSibling;
      var has = hint && hint.classList.contains("scroll-hint");
      if (wide && !has) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.textContent = "Deze tabel is breder dan het scherm: schuif opzij voor meer kolommen →";
        box.parentNode.insertBefore(hint, box);
      } else if (!wide && has) {
        hint.remove();
      }
    });
  }
  hintScrolling();
  window.addEventListener("resize", hintScrolling);
})();
