// Enhancements only: every form works without this file. It checks the
// chosen file before sending, accepts a dropped file, and shows progress
// for a large upload.
(function () {
  'use strict';
  var form = document.getElementById('upload-form');
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var input = document.getElementById('file');
  var zone = document.getElementById('drop-zone');
  var error = document.getElementById('file-error');
  var progress = document.getElementById('upload-progress');
  var bar = document.getElementById('progress-bar');
  var dutch = document.documentElement.lang !== 'en';
  var maxBytes = parseInt(form.getAttribute('data-max-bytes'), 10) || 0;
  var allowed = /\.(csv|ods|xls|xlsx|zip)$/i;
  // Letters (also accented Latin ones), digits and the extra characters the
  // server allows (by default space, '-' and '_'); the server checks again.
  var extra = (form.getAttribute('data-name-extra') || ' -_')
      .replace(/[\\\]\[^-]/g, '\\$&');
  var letters = 'A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u017F';
  var nameOk = new RegExp('^[' + letters + extra + ']+$');
  var notAllowed = new RegExp('[' + letters + extra + ']', 'g');

  function showError(text) {
    error.textContent = text;
    error.hidden = !text;
  }

  function check(file) {
    if (!file) return dutch ? 'Kies eerst een bestand.' : 'Choose a file first.';
    if (!allowed.test(file.name)) {
      return dutch ? 'Dit soort bestand kan niet: kies een .csv, .ods, .xls, .xlsx of .zip.'
                   : 'This kind of file is not accepted: choose a .csv, .ods, .xls, .xlsx or .zip.';
    }
    var stem = file.name.replace(/\.[^.]*$/, '');
    if (!nameOk.test(stem)) {
      var bad = stem.replace(notAllowed, '');
      return (dutch ? 'Haal deze tekens uit de bestandsnaam: ' : 'Remove these characters from the file name: ') +
             Array.from(new Set(bad.split(''))).join(' ');
    }
    if (maxBytes && file.size > maxBytes) {
      return dutch ? 'Het bestand is te groot.' : 'The file is too large.';
    }
    return '';
  }

  input.addEventListener('change', function () {
    showError(check(input.files[0]));
  });

  var dropText = zone.querySelector('.drop-text');
  if (dropText) dropText.hidden = false;
  ['dragenter', 'dragover'].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      event.preventDefault();
      zone.classList.add('dragging');
    });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.remove('dragging'); });
  });
  zone.addEventListener('drop', function (event) {
    event.preventDefault();
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || !files.length) return;
    input.files = files;
    showError(check(files[0]));
  });

  form.addEventListener('submit', function (event) {
    var problem = check(input.files[0]);
    if (problem) {
      event.preventDefault();
      showError(problem);
      input.focus();
      return;
    }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open('POST', form.action);
    progress.hidden = false;
    request.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    request.addEventListener('load', function () {
      if (request.status < 400 && request.responseURL) {
        window.location.assign(request.responseURL);
        return;
      }
      // Show the server's page (its message) in place of this one.
      var page = new DOMParser().parseFromString(request.responseText, 'text/html');
      var main = page.getElementById('main');
      if (main) {
        document.getElementById('main').replaceWith(main);
        main.focus();
      }
    });
    request.addEventListener('error', function () {
      progress.hidden = true;
      showError(dutch ? 'De verbinding viel weg. Probeer het opnieuw.'
                      : 'The connection was lost. Try again.');
    });
    request.send(new FormData(form));
  });
})();
