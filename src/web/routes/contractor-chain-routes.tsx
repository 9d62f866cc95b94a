import type { FastifyInstance, FastifyReply } from 'fastify';
import { actingFor } from '../../app/acting-for.js';
import type { SignedIn } from '../../app/users.js';
import { addContractor, getWorkplace } from '../../app/workplaces.js';
import type { DomainError } from '../../domain/errors.js';
import { seesEvery } from '../../domain/permissions.js';
import { requireRoles, sendRefusal } from '../page-access.js';
import { checkCsrf, enterpriseOf, fieldErrors, formText, pageContext, type Form } from '../page-support.js';
import { ContractorChainPage, type ContractorForm } from '../pages/company-admin/contractor-chain-page.js';
import { NO_ERRORS, type FieldErrors, type PageContext } from '../pages/page-context.js';
import { sendPage } from '../render.js';
import type { WebDeps } from '../web-deps.js';

/**
 * The contractor chain of a workplace as the person may see it, with the form to add a subcontractor (a
 * company's, its provider's, or an administrator's). A refusal is said next to its field, in the page's
 * language; a link added leads back to the chain (post, redirect, get), with a notice naming it.
 */
export function contractorChainRoutes(deps: WebDeps) {
  return (web: FastifyInstance): Promise<void> => {
    web.get<{ Params: { id: string }; Querystring: { added?: string; parent?: string } }>(
      '/workplaces/:id/chain',
      async (request, reply) => {
        const who = requireRoles(request, reply, ['company', 'provider', 'admin']);
        if (who === undefined) return reply;
        const ctx = pageContext(request, reply);
        const added = { enterprise: request.query.added ?? '', parent: request.query.parent ?? '' };
        return renderChain(
          reply,
          ctx,
          who,
          request.params.id,
          { enterprise: '', parent: '' },
          NO_ERRORS,
          200,
          added,
        );
      },
    );

    web.post<{ Params: { id: string }; Body: Form }>(
      '/workplaces/:id/chain',
      { preHandler: checkCsrf(web) },
      async (request, reply) => {
        const who = requireRoles(request, reply, ['company', 'provider', 'admin']);
        if (who === undefined) return reply;
        const { id } = request.params;
        const ctx = pageContext(request, reply, `/workplaces/${encodeURIComponent(id)}/chain`);
        const form: ContractorForm = {
          enterprise: formText(request.body, 'enterprise'),
          parent: formText(request.body, 'parent'),
        };
        const added = await addContractor(deps, who.principal, id, form);
        if (!added.ok) {
          const [first] = added.error;
          if (first.code === 'ROLE_FORBIDDEN' || first.code === 'WORKPLACE_NOT_FOUND')
            return sendRefusal(reply, ctx, first);
          const errors = fieldErrors(added.error, ctx.lang, chainField);
          return renderChain(reply, ctx, who, id, form, errors, 400);
        }
        if (!added.value.added) {
          // Nothing changed: the person meant to add someone, so it is said next to what they typed.
          const errors = new Map([['enterprise', [ctx.t('admAlreadyLinked')]]]);
          return renderChain(reply, ctx, who, id, form, errors, 400);
        }
        const link = added.value.view.contractors.find(
          (l) => l.enterprise === enterpriseOf(form.enterprise) && l.parent === enterpriseOf(form.parent),
        );
        const query =
          link === undefined
            ? ''
            : `?${new URLSearchParams({ added: link.enterprise, parent: link.parent }).toString()}`;
        return reply.redirect(`/workplaces/${encodeURIComponent(id)}/chain${query}`, 303);
      },
    );

    /** The chain page: the chain as the person may see it, and the form to add a subcontractor. */
    async function renderChain(
      reply: FastifyReply,
      ctx: PageContext,
      who: SignedIn,
      id: string,
      form: ContractorForm,
      errors: FieldErrors,
      status: number,
      added?: { readonly enterprise: string; readonly parent: string },
    ): Promise<FastifyReply> {
      const found = await getWorkplace(deps, who.principal, id);
      if (!found.ok) return sendRefusal(reply, ctx, found.error[0]);
      const { workplace, contractors } = found.value;
      const own = await actingFor(deps, who.principal);
      const members = [workplace.declarant, ...new Set(contractors.map((l) => l.enterprise))];
      // The declarant (and an administrator, bound to no chain) links anywhere; any other company below itself.
      const parents =
        seesEvery(who.principal, 'workplaces') || own.has(workplace.declarant)
          ? [...new Set(members)]
          : members.filter((m) => own.has(m));
      // The notice names a link only if it is in the chain: a link to this page cannot make it say otherwise.
      const link =
        added === undefined
          ? undefined
          : contractors.find((l) => l.enterprise === added.enterprise && l.parent === added.parent);
      return sendPage(
        reply,
        status,
        <ContractorChainPage
          ctx={ctx}
          workplace={workplace}
          contractors={contractors}
          own={own}
          parents={parents}
          form={{
            ...form,
            parent: enterpriseOf(form.parent) ?? parents.find((p) => own.has(p)) ?? '',
          }}
          errors={errors}
          {...(link === undefined ? {} : { added: link })}
        />,
      );
    }

    return Promise.resolve();
  };
}

/** The field of the chain's form an error of `addContractor` is about. */
function chainField(error: DomainError): string {
  const field = error.field ?? '';
  return field === 'enterprise' || field === 'parent' ? field : 'form';
}
