-- Operation log: end users are actors too (OperationRecorded.actor_type = ACTOR_TYPE_USER, e.g. a
-- redemption started from a client app). Without this value such records could only be stored
-- under a wrong actor type.
-- AlterEnum
ALTER TYPE "user"."operation_actor_type" ADD VALUE 'USER';
