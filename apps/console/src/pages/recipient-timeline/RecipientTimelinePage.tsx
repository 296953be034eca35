import { NotFoundPage } from '../not-found/NotFoundPage.tsx';

/** Placeholder until this page is built (issue #16): the route exists, the page says it is not there. */
export default function RecipientTimelinePage() {
  return <NotFoundPage />;
}
