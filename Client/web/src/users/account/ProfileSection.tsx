import { DateTime } from '../../ui/DateTime';
import { useCurrentUser } from '../session';

export function ProfileSection() {
  const user = useCurrentUser();
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <dl className="details">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Role</dt>
        <dd>{user.role === 'admin' ? 'Administrator' : 'User'}</dd>
        <dt>Member since</dt>
        <dd>
          <DateTime value={user.createdAt} />
        </dd>
      </dl>
    </section>
  );
}
