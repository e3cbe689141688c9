// Demo pages: says what happened to an answer. The widget's thank-you is shown at once;
// whether the endpoint confirmed the answer is a separate matter, told here from the
// widget's events: survey:answered (queued), survey:sent (confirmed), survey:error.
(() => {
  const out = document.getElementById('delivery-status');
  if (!out) return;
  const de = document.documentElement.lang.startsWith('de');
  const say = (en, german) => { out.textContent = de ? german : en; };
  const pending = new Set();
  document.addEventListener('survey:answered', (e) => {
    pending.add(e.detail.id);
    say('Your answer is queued and will be sent when the endpoint answers (it is retried, also on your next visit).',
      'Ihre Antwort ist in der Warteschlange und wird gesendet, sobald der Endpunkt antwortet (auch beim nächsten Besuch).');
  });
  document.addEventListener('survey:sent', (e) => {
    pending.delete(e.detail.id);
    if (e.detail.status === 0) say('Sent; the endpoint\u2019s answer cannot be read (request mode no-cors).', 'Gesendet; die Antwort des Endpunkts ist nicht lesbar (Modus no-cors).');
    else say('Delivered: the endpoint confirmed your answer.', 'Zugestellt: der Endpunkt hat Ihre Antwort bestätigt.');
  });
  document.addEventListener('survey:error', (e) => {
    if (e.detail.id && e.detail.error === 'rejected') say('The endpoint rejected the answer.', 'Der Endpunkt hat die Antwort abgelehnt.');
  });
})();
