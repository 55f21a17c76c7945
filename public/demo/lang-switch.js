// The attributes demo's language switch: sets the `lang` of one widget, which starts again in
// that language (its progress is kept: it is per drill, whatever the language).
for (const button of document.querySelectorAll('.lang-switch button')) {
  button.addEventListener('click', () => {
    document.getElementById('lang-demo').setAttribute('lang', button.dataset.lang);
    for (const other of button.parentElement.querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === button));
  });
}
