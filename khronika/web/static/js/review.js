// Keyboard shortcuts for the review queue; the page works the same without them.
(function () {
  "use strict";
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName));
  }
  function submit(id) {
    var form = document.getElementById(id);
    if (form) { form.requestSubmit ? form.requestSubmit() : form.submit(); }
  }
  function follow(id) {
    var link = document.getElementById(id);
    if (link) { window.location.href = link.href; }
  }
  function focus(id) {
    var field = document.getElementById(id);
    if (field) { field.focus(); }
  }
  var keys = {
    c: function () { submit("form-confirm"); },
    r: function () { submit("form-reject"); },
    e: function () { focus("edit-type"); },
    m: function () { focus("merge-into"); },
    j: function () { follow("queue-next"); },
    k: function () { follow("queue-prev"); }
  };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var action = keys[event.key];
    if (action) { event.preventDefault(); action(); }
  });
}());
