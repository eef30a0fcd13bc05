export function App() {
  return (
    <main>
      <h1>IMLab</h1>
      <p>Find the outliers in a table, on your device.</p>
    </main>
  );
}
