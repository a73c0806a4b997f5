// The development sign-in page: lists the demo users and asks the embedded issuer for a token.
const select = document.getElementById('user');
const tokenBox = document.getElementById('token');
const example = document.getElementById('example');

fetch('/dev/users')
  .then((r) => r.json())
  .then(({ users }) => {
    for (const u of users) {
      const option = document.createElement('option');
      option.value = u.id;
      option.textContent = `${u.id} — ${u.name} (${u.roles.join(', ')})`;
      select.appendChild(option);
    }
  });

document.getElementById('sign-in').addEventListener('click', async () => {
  const res = await fetch('/dev/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: select.value }) });
  const body = await res.json();
  tokenBox.value = body.token ?? JSON.stringify(body);
  example.textContent = body.token ? `curl -H 'Authorization: Bearer ${body.token.slice(0, 16)}…' ${location.origin}/share-requests` : '';
});
