import { Type } from 'typebox';
import { DateText, EnterpriseText, Text } from './common.js';

export const DeclareWorkplaceBody = Type.Object(
  {
    workplaceId: Type.Optional(
      Type.String({ maxLength: 32, description: 'The works declaration number (30bis), if there is one' }),
    ),
    name: Text(200, 'What the works are called on site'),
    address: Type.Object(
      {
        street: Text(200, 'Street and number'),
        postalCode: Type.String({ maxLength: 8, description: 'Belgian postal code' }),
        city: Text(100, 'Municipality'),
      },
      { additionalProperties: false },
    ),
    declarant: EnterpriseText('The declarant of the works'),
    startDate: DateText('First day of the works'),
    endDate: DateText('Last day of the works'),
    permanentlyWithoutInfrastructure: Type.Optional(
      Type.Boolean({
        description:
          'No telephone network, internet or electricity there for good (the emergency procedure never exempts it).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const WorkplaceSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    address: Type.Object({ street: Type.String(), postalCode: Type.String(), city: Type.String() }),
    declarant: Type.String(),
    startDate: Type.String(),
    endDate: Type.String(),
    permanentlyWithoutInfrastructure: Type.Boolean(),
    createdAt: Type.String(),
  },
  { $id: 'Workplace' },
);

export const ContractorLinkSchema = Type.Object(
  { enterprise: Type.String(), parent: Type.String() },
  { $id: 'ContractorLink' },
);

export const AddContractorBody = Type.Object(
  {
    enterprise: EnterpriseText('The contractor'),
    parent: EnterpriseText('The company it works for in this chain'),
  },
  { additionalProperties: false },
);

export const WorkplaceReply = Type.Object({ workplace: Type.Ref('Workplace') });

export const WorkplaceWithContractorsReply = Type.Object({
  workplace: Type.Ref('Workplace'),
  contractors: Type.Array(Type.Ref('ContractorLink'), { description: 'The links of the chain you may see' }),
});

export const ContractorsReply = Type.Object({
  declarant: Type.String(),
  contractors: Type.Array(Type.Ref('ContractorLink')),
});

export const WorkplacesReply = Type.Object({ workplaces: Type.Array(Type.Ref('Workplace')) });
