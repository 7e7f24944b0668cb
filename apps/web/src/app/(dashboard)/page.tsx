import { ReviewInbox } from '../_components/review-inbox'

/** The home page is the review inbox, as before the navigation existed; `/inbox/` is the same. */
export default function HomePage() {
  return (
    <div className="page">
      <ReviewInbox />
    </div>
  )
}
