// The host page's own script: a button that must keep working whatever the widgets do.
const button = document.querySelector('#host-button');
const output = document.querySelector('#host-output');
let clicks = 0;
button?.addEventListener('click', () => {
  clicks += 1;
  output.textContent = `Clicked ${clicks} time${clicks === 1 ? '' : 's'}`;
});
