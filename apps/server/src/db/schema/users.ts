import { boolean, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { ROLES } from '../../access/roles'
import { createdAt, id, ts, updatedAt, version } from './common'
import { organisations } from './organisations'
import { regions } from './regions'

export const userRole = pgEnum('user_role', ROLES)

export const users = pgTable(
  'users',
  {
    id: id(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull(),
    regionId: uuid('region_id').references(() => regions.id, { onDelete: 'restrict' }),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
    /** Testing team (team_lead, tester); the teams table belongs to the campaigns module. */
    teamId: uuid('team_id'),
    email: text('email'),
    mobile: text('mobile'),
    isDisabled: boolean('is_disabled').notNull().default(false),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: ts('locked_until'),
    /** TOTP secret, encrypted with the data key (AES-256-GCM); null until enrolled. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: ts('totp_enabled_at'),
    /** Last accepted TOTP time step: a code is accepted once (no replay within its window). */
    totpLastStep: integer('totp_last_step'),
    passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
    lastLoginAt: ts('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('users_username_idx').on(t.username),
    index('users_role_idx').on(t.role),
    index('users_org_idx').on(t.organisationId),
    index('users_team_idx').on(t.teamId),
  ],
)

export const sessionStage = pgEnum('session_stage', ['full', 'totp_pending', 'totp_enrol'])

/** Server-side sessions: the cookie carries a random token, the table keeps only its SHA-256, so a database leak does
 * not hand out live sessions, and an admin can end every session of a user at once. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    stage: sessionStage('stage').notNull(),
    createdAt: createdAt(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)
