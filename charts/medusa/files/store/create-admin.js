// Creates the store's admin user (ADMIN_EMAIL, ADMIN_PASSWORD) unless it exists. The "admin" init
// container runs it with `medusa exec` after the migrations, so the setup Job needs no Medusa
// packages: Medusa creates a first admin only from inside its own process (`medusa user` does the
// same steps), never over HTTP. What it does, `medusa user -e … -p …` does, minus failing when
// the user is already there: a start after the first one changes nothing.
'use strict'
const { createUserAccountWorkflow } = require('@medusajs/medusa/core-flows')

// `medusa exec` runs the module's default export.
exports.default = async function createAdmin({ container }) {
  const email = process.env.ADMIN_EMAIL
  const password = process.env.ADMIN_PASSWORD
  if (!email || !password) throw new Error('ADMIN_EMAIL and ADMIN_PASSWORD must be set')
  const logger = container.resolve('logger')
  const users = container.resolve('user')
  const auth = container.resolve('auth')

  if ((await users.listUsers({ email })).length > 0) {
    logger.info(`admin user ${email} exists`)
    return
  }
  // A start killed between the two steps below leaves a login without a user: finish it.
  const [identity] = await auth.listProviderIdentities({ entity_id: email, provider: 'emailpass' })
  let authIdentityId = identity && identity.auth_identity_id
  if (!authIdentityId) {
    const { authIdentity, error } = await auth.register('emailpass', { body: { email, password } })
    if (error) throw new Error(`creating the login of admin user ${email}: ${error}`)
    authIdentityId = authIdentity.id
  }
  await createUserAccountWorkflow(container).run({ input: { authIdentityId, userData: { email } } })
  logger.info(`admin user ${email} created`)
}
