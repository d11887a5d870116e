import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChatMemoryStore, type ChatMemory } from '../memory/chat-memory';
import { AssistantService } from '../orchestrator/assistant.service';
import type { AssistantAnswer } from '../orchestrator/assistant-answer';
import { sessionIdentity, signIn, SessionRequiredGuard } from '../sessions';
import { ChatNotFoundError } from './chat-not-found.error';
import { ChatIdPipe } from './chat-id.pipe';
import { CreateSessionDto, SendMessageDto } from './assistant-dtos';

/** The tenant of a chat created without one. */
export const DEFAULT_TENANT = 'default';

/** The chat API: sessions, messages, history. */
@ApiTags('assistant')
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly memory: ChatMemoryStore,
    private readonly assistant: AssistantService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Start a chat session (signs the caller in as its user: a new session cookie)' })
  async create(@Body() body: CreateSessionDto, @Req() request: FastifyRequest) {
    const identity = { user: body.user, tenant: body.tenant ?? DEFAULT_TENANT };
    const current = request.session?.user === identity.user && request.session?.tenant === identity.tenant;
    // Another user (or none) before: a privilege change, so the session id is regenerated.
    if (!current) await signIn(request, identity);
    const chat = {
      id: randomUUID(),
      ...identity,
      preferences: body.preferences ?? {},
      createdAt: Date.now(),
    };
    await this.memory.create(chat);
    return chat;
  }

  @Post(':id/messages')
  @HttpCode(200)
  @UseGuards(SessionRequiredGuard)
  @ApiCookieAuth()
  @ApiOperation({
    summary: 'Ask: answered from the semantic cache (X-Cache-Status: HIT) or the model (MISS)',
  })
  async send(
    @Param('id', ChatIdPipe) id: string,
    @Body() body: SendMessageDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AssistantAnswer> {
    const memory = await this.owned(request, id);
    const answer = await this.assistant.ask(memory, body.content, {
      temperature: body.temperature,
      maxTokens: body.maxTokens,
    });
    void reply.header('X-Cache-Status', answer.source === 'cache' ? 'HIT' : 'MISS');
    return answer;
  }

  @Get(':id/messages')
  @UseGuards(SessionRequiredGuard)
  @ApiCookieAuth()
  @ApiOperation({
    summary: 'The chat: its last messages, running summary, preferences and retrieved context',
  })
  async history(@Param('id', ChatIdPipe) id: string, @Req() request: FastifyRequest) {
    const memory = await this.owned(request, id);
    return {
      id,
      messages: memory.messages,
      summary: memory.summary,
      preferences: memory.chat.preferences,
      context: memory.context,
    };
  }

  @Delete(':id')
  @HttpCode(204)
  @UseGuards(SessionRequiredGuard)
  @ApiCookieAuth()
  @ApiOperation({ summary: 'End the chat session: its memory is deleted' })
  async end(@Param('id', ChatIdPipe) id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.owned(request, id);
    await this.memory.delete(id);
  }

  /** The chat's memory when the request's signed-in user owns it; 404 otherwise (whose it is is not told). */
  private async owned(request: FastifyRequest, id: string): Promise<ChatMemory> {
    const identity = sessionIdentity(request);
    const memory = await this.memory.read(id);
    if (!memory || memory.chat.user !== identity.user || memory.chat.tenant !== identity.tenant)
      throw new ChatNotFoundError(id);
    return memory;
  }
}
