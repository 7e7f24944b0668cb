'use client'

import { CreateUserBody, DeletedResponse, User, UserRole } from '@placet/protocol'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'

const USERS_KEY = ['users'] as const

/** User management (spec 3.2, 6.7), shown to owners only; the server refuses others anyway. */
export function UsersSection({ currentUserId }: { currentUserId: string }) {
  const queryClient = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  const users = useQuery({
    queryKey: USERS_KEY,
    queryFn: ({ signal }) => apiRequest('/api/users', { schema: User.array(), signal }),
  })

  async function run(action: () => Promise<unknown>) {
    setError(null)
    try {
      await action()
      await queryClient.invalidateQueries({ queryKey: USERS_KEY })
      return true
    } catch (caught) {
      setError(describeRequestError(caught))
      return false
    }
  }

  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const data = new FormData(form)
    const body = CreateUserBody.safeParse({
      email: data.get('email'),
      displayName: data.get('displayName'),
      password: data.get('password'),
      role: data.get('role'),
    })
    if (!body.success) {
      setError('Give an email, a name and a password of at least 8 characters.')
      return
    }
    void run(() =>
      apiRequest('/api/users', { method: 'POST', body: body.data, schema: User }),
    ).then((isDone) => isDone && form.reset())
  }

  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {users.error && (
        <p className="alert" role="alert">
          {describeRequestError(users.error)}
        </p>
      )}
      {users.isLoading && <p className="status-text">Loading users…</p>}
      {users.data && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <tr key={user.id} data-testid="user-row">
                <td>{user.displayName}</td>
                <td>{user.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${user.displayName}`}
                    value={user.role}
                    disabled={user.id === currentUserId}
                    onChange={(event) =>
                      void run(() =>
                        apiRequest(`/api/users/${encodeURIComponent(user.id)}`, {
                          method: 'PATCH',
                          body: { role: UserRole.parse(event.target.value) },
                          schema: User,
                        }),
                      )
                    }
                  >
                    {UserRole.options.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <div className="row-actions">
                    {user.id !== currentUserId && (
                      <button
                        type="button"
                        className="button button-danger"
                        aria-label={`Delete ${user.displayName}`}
                        onClick={() =>
                          void run(() =>
                            apiRequest(`/api/users/${encodeURIComponent(user.id)}`, {
                              method: 'DELETE',
                              schema: DeletedResponse,
                            }),
                          )
                        }
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form user-form" onSubmit={create} aria-labelledby="new-user-title">
        <h3 id="new-user-title">Add a user</h3>
        <div className="field">
          <label htmlFor="new-user-email">Email</label>
          <input id="new-user-email" name="email" type="email" required autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="new-user-name">Name</label>
          <input id="new-user-name" name="displayName" required maxLength={128} />
        </div>
        <div className="field">
          <label htmlFor="new-user-password">Password</label>
          <input
            id="new-user-password"
            name="password"
            type="password"
            required
            minLength={8}
            autoComplete="new-password"
          />
        </div>
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" name="role" defaultValue="member">
            {UserRole.options.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </div>
        <button className="button" type="submit">
          Add user
        </button>
      </form>
    </section>
  )
}
