/** An honest placeholder for a section whose issue has not landed yet. */
export function ComingSoon({ title, description }: { title: string; description: string }) {
  return (
    <section className="page coming-soon" aria-labelledby="coming-soon-title">
      <h1 id="coming-soon-title">{title}</h1>
      <p>{description}</p>
      <p className="status-text" data-testid="coming-soon">
        Coming soon: this screen is not built yet.
      </p>
    </section>
  )
}
